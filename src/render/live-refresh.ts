import { createHash } from 'node:crypto';

// The one script a live story's page runs while its coverage is live. It asks the story's JSON
// feed every minute, while the tab is in view, whether there are updates the page does not show,
// and says so on a button; it never changes the page on its own (WCAG 2.2.1, 2.2.2). The button
// fetches the page again and puts the new updates at the top, moving focus to the newest. The
// page's policy allows this script by its hash; with it blocked, the page is whole without it.

export const LIVE_SCRIPT = `(() => {
  const list = document.querySelector('[data-live-feed]');
  if (!list || !window.fetch || !window.DOMParser) return;
  const feed = new URL(list.getAttribute('data-live-feed'), location.href);
  const ids = () => new Set(Array.from(document.querySelectorAll('[data-update]'), (node) => node.id));
  let known = ids();
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'live-new';
  button.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  list.before(button, status);
  let waiting = 0;
  const offer = (fresh) => {
    waiting = fresh;
    button.hidden = fresh === 0;
    const count = fresh + (fresh === 1 ? ' new update' : ' new updates');
    button.textContent = count + ' \\u2014 show';
    status.textContent = fresh === 0 ? '' : count;
  };
  const check = async () => {
    if (document.visibilityState !== 'visible') return;
    try {
      const response = await fetch(feed, { cache: 'no-store' });
      if (!response.ok) return;
      const items = (await response.json()).items || [];
      const fresh = items.filter((item) => !known.has(String(item.id).slice(String(item.id).lastIndexOf('#') + 1))).length;
      if (fresh !== waiting) offer(fresh);
    } catch (error) {
      // Offline, or the feed is being replaced: the next check will tell.
    }
  };
  button.addEventListener('click', async () => {
    try {
      const response = await fetch(location.pathname + location.search, { cache: 'no-store' });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const coverage = page.querySelector('[data-live-coverage]');
      if (!coverage) throw new Error('no coverage');
      // The page as it is now, where it shows the coverage: its state, key events, updates and earlier ones.
      const state = page.querySelector('.live-status');
      if (state) document.querySelector('.live-status')?.replaceWith(document.importNode(state, true));
      document.querySelector('[data-live-coverage]').replaceWith(document.importNode(coverage, true));
      document.querySelector('.update-list').before(button, status);
      const before = known;
      known = ids();
      offer(0);
      const newest = Array.from(document.querySelectorAll('.update-list > [data-update], .earlier-updates [data-update]')).find((node) => !before.has(node.id));
      if (newest) {
        newest.setAttribute('tabindex', '-1');
        newest.focus();
      }
    } catch (error) {
      location.reload();
    }
  });
  document.addEventListener('visibilitychange', check);
  setInterval(check, 60000);
})();`;

/** The script's hash, as a Content-Security-Policy source. */
export const LIVE_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(LIVE_SCRIPT).digest('base64')}'`;

/** A page's policy with the live script allowed by its hash, and nothing else added. */
export function withLiveScript(policy: string): string {
  const directives = policy.split(';').map((directive) => directive.trim()).filter(Boolean);
  const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === 'script-src');
  if (index === -1) directives.push(`script-src ${LIVE_SCRIPT_SOURCE}`);
  else directives[index] += ` ${LIVE_SCRIPT_SOURCE}`;
  return directives.join('; ');
}
