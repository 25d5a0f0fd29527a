// Every problem Broadsheet reports, by rule id: how bad it is, what it means in a few words, and
// how to fix it in general. A message may give a hint that fits its case better (naming the
// other file, say); this is where an editor integration or a theme author looks a rule up, and
// docs/RULES.md is made from it.

export type Severity = 'error' | 'warning' | 'info';

export interface Rule {
  /** error: nothing is written; warning: shown, the build goes on; info: shown by `check --strict` only. */
  severity: Severity;
  title: string;
  hint: string;
  /** What the rule is about: a content file, a template, or the config. */
  about: 'content' | 'template' | 'config';
}

export const RULES = {
  // Reading a file.
  'binary-file': { severity: 'error', about: 'content', title: 'The file is not text', hint: 'save the article as plain text (UTF-8), or move the file out of the content folder' },
  'file-too-large': { severity: 'error', about: 'content', title: 'The file is too large to be an article', hint: 'split the article, or move the file out of the content folder' },
  'undecodable-text': { severity: 'error', about: 'content', title: 'The text cannot be decoded', hint: 'save the file as UTF-8' },
  'windows-1252': { severity: 'warning', about: 'content', title: 'The file is not UTF-8 and was read as Windows-1252', hint: 'save the file as UTF-8 so that every character is read as written' },
  'symlink-outside': { severity: 'warning', about: 'content', title: 'A symbolic link points outside its folder, and is not read', hint: 'copy the file into the folder instead of linking to it' },
  'malformed-file': { severity: 'error', about: 'content', title: 'The file is not well formed for its format', hint: 'check the file against its format: a transmission cut off, or a document not closed' },
  'symlink-folder': { severity: 'warning', about: 'content', title: 'A symbolic link to a folder is not followed', hint: 'move the folder into the content folder instead of linking to it' },
  // Front matter.
  'unclosed-front-matter': { severity: 'error', about: 'content', title: 'The front matter is not closed', hint: 'end the front matter with a line of three dashes, `---`, before the story begins' },
  'yaml-syntax': { severity: 'error', about: 'content', title: 'The front matter is not valid YAML', hint: 'check the line shown: a missing colon, an unclosed quote, or a tab used for indenting' },
  'yaml-aliases': { severity: 'error', about: 'content', title: 'The front matter repeats YAML aliases too often to be read', hint: 'write the values out instead of nesting `&anchor` and `*alias` references' },
  'front-matter-language': { severity: 'error', about: 'content', title: 'The front matter is not YAML', hint: 'start the file with a line of three dashes, `---`, and write the keys as YAML' },
  'front-matter-shape': { severity: 'error', about: 'content', title: 'The front matter is not a list of keys', hint: 'write each field on its own line, like `title: Council approves budget`' },
  'unknown-key': { severity: 'info', about: 'content', title: 'A front-matter key Broadsheet does not know', hint: 'check the spelling against the keys in FORMATS; unknown keys are kept for templates' },
  'duplicate-key': { severity: 'warning', about: 'content', title: 'A front-matter key is given twice', hint: 'keep one of the two; the last one counts' },
  'invalid-type': { severity: 'error', about: 'content', title: 'A front-matter value has the wrong type', hint: 'give the key a value of the kind FORMATS lists for it' },
  // The article.
  'no-headline': { severity: 'error', about: 'content', title: 'The article has no headline', hint: 'put the headline on the first line (wire text) or in `title:` in the front matter (Markdown)' },
  'invalid-date': { severity: 'error', about: 'content', title: 'A date is not a real date', hint: 'write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional offset' },
  'date-order': { severity: 'warning', about: 'content', title: 'The update is dated before the publication', hint: 'check both dates; the earlier `updated` is left out' },
  'missing-date': { severity: 'info', about: 'content', title: 'The article has no date', hint: 'add `date:`, or start the file name with one (2026-11-20-…)' },
  'missing-dek': { severity: 'info', about: 'content', title: 'The article has no dek (standfirst)', hint: 'add `dek:` with a one-sentence summary' },
  'empty-body': { severity: 'warning', about: 'content', title: 'The article has no body', hint: 'write the story under the headline' },
  'invalid-slug': { severity: 'warning', about: 'content', title: 'The slug cannot be used', hint: 'use lowercase letters, digits and hyphens' },
  'slug-normalised': { severity: 'warning', about: 'content', title: 'The slug was changed to fit in a URL', hint: 'write it as lowercase letters, digits and single hyphens' },
  'invalid-lang': { severity: 'warning', about: 'content', title: 'The language is not a BCP 47 tag', hint: 'use a tag such as en, en-GB, hi or ar' },
  'invalid-alias': { severity: 'warning', about: 'content', title: 'An alias cannot be used', hint: 'give an old URL of the site as a path, such as /2019/05/old-story/' },
  'image-alt': { severity: 'info', about: 'content', title: 'An image has no alt text', hint: 'describe the image for readers who cannot see it' },
  'image-not-found': { severity: 'error', about: 'content', title: 'An image is not in the content folder', hint: 'check the path; it is relative to the article, or to the content folder when it starts with /' },
  'image-unavailable': { severity: 'warning', about: 'content', title: 'An agency picture is neither on the web nor in the content folder, so it is left out', hint: 'put the picture file beside the agency file, under the name its rendition gives' },
  'image-unreadable': { severity: 'error', about: 'content', title: 'A picture a page shows cannot be read: empty, damaged, or not a picture at all', hint: 'export the picture again as JPEG or PNG from the original' },
  'image-too-large': { severity: 'error', about: 'content', title: 'A picture a page shows has more pixels than the limit, and is not opened (a decompression bomb)', hint: 'scale it down before adding it, or raise "images.maxPixels" in the config' },
  'image-unsupported': { severity: 'warning', about: 'content', title: 'A picture is in a format Broadsheet does not process (HEIC), so it is copied as it is', hint: 'export it as JPEG' },
  'image-unsafe-svg': { severity: 'warning', about: 'content', title: 'An SVG has a script or loads files from elsewhere: it is served as a file, never drawn as pixels or put inline', hint: 'remove the script and the outside references from the SVG' },
  'image-skipped': { severity: 'warning', about: 'content', title: 'A picture no page shows cannot be read, so it is copied as it is', hint: 'export it again, or remove the file' },
  'unsupported-item': { severity: 'warning', about: 'content', title: 'An agency file holds an item Broadsheet does not publish (a package, a concept, video), which is skipped', hint: 'Broadsheet publishes agencies\' text items, with their pictures' },
  // Live stories.
  'live-no-index': { severity: 'error', about: 'content', title: 'A live folder has no index.md, so its updates are not published', hint: 'add index.md with the story\'s headline and `live: {start: …}` in its front matter' },
  'live-no-start': { severity: 'error', about: 'content', title: 'A live story does not say when its coverage starts', hint: 'write `live: {start: 2026-11-20T06:00:00+05:30}` in its index.md, or give it a `date:`' },
  'live-update-no-time': { severity: 'error', about: 'content', title: 'An update of a live story has no time', hint: 'name the file HHMM-… (0830-landfall.md), or YYYY-MM-DDTHHMM-… for another day, or give it `time:` in its front matter' },
  'live-update-early': { severity: 'warning', about: 'content', title: 'An update is timed before its live story\'s coverage starts', hint: 'check its time, and the `start:` in the story\'s index.md' },
  'live-outside-folder': { severity: 'warning', about: 'content', title: 'A live-coverage key in a file that is not a live story\'s index.md, or an update\'s', hint: 'a live story is a folder: index.md with `live:`, and a file for each update' },
  'link-not-found': { severity: 'warning', about: 'content', title: 'A link or image points at a file or article the site does not have', hint: 'check the file name (relative to the article, or to the content folder when it starts with /), or publish the linked article' },
  // The body.
  'unsafe-html': { severity: 'warning', about: 'content', title: 'Raw HTML was removed from the body', hint: 'scripts, styles, frames, event handlers and javascript: links never reach the page; remove them' },
  'unsupported-html': { severity: 'warning', about: 'content', title: 'A raw HTML element is not supported', hint: 'use Markdown, or the elements listed in the README' },
  'unsafe-url': { severity: 'warning', about: 'content', title: 'An unsafe URL was removed', hint: 'links may be http, https, mailto, relative or #; images may also be data:image/*' },
  'markdown-too-complex': { severity: 'warning', about: 'content', title: 'The Markdown is too deeply nested to parse safely, and is shown as text', hint: 'escape long runs of Markdown characters with \\, or split the text into paragraphs' },
  // The site.
  'duplicate-url': { severity: 'error', about: 'content', title: 'Two articles want the same URL', hint: 'set a different `slug:` in one of the two files' },
  'duplicate-story': { severity: 'warning', about: 'content', title: 'The same story is filed twice; it is published once', hint: 'delete the copy that is not published' },
  'shared-headline': { severity: 'warning', about: 'content', title: 'Two stories share a headline, so one is given a URL with a suffix', hint: 'pin a `slug:` in the front matter, or give one story another headline' },
  'duplicate-output': { severity: 'error', about: 'content', title: 'Two outputs would be written to one path', hint: 'move or rename one of them' },
  // Templates.
  'template-syntax': { severity: 'error', about: 'template', title: 'A template does not parse', hint: 'check the tag at this line: every {% if %}, {% for %} and {% block %} needs its end tag' },
  'template-variable': { severity: 'error', about: 'template', title: 'A template uses a variable or filter that does not exist', hint: 'check the spelling; the variables and filters are listed in templates/README.md' },
  'template-render': { severity: 'error', about: 'template', title: 'A template failed while rendering', hint: 'check the template at this line' },
  // The config.
  'config-json': { severity: 'error', about: 'config', title: 'The config file is not valid JSON', hint: 'check for a missing comma or quote, or a trailing comma after the last entry' },
  'config-unknown-key': { severity: 'error', about: 'config', title: 'A config key Broadsheet does not know', hint: 'check the spelling; broadsheet.config.schema.json lists every key' },
  'config-invalid': { severity: 'error', about: 'config', title: 'A config value is not valid', hint: 'fix the value; broadsheet.config.schema.json lists every key' },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

/** The rules of one severity, so a call that says `warning` can only name a warning's rule. */
export type RuleOf<S extends Severity> = { [K in RuleId]: (typeof RULES)[K]['severity'] extends S ? K : never }[RuleId];
