// Pagefind's search UI, on the search page only (no other page runs a script). A query in the
// address, `?q=…`, as the search box in the header sends it, runs at once.
(function () {
  var container = document.getElementById('search');
  if (!container) return;
  var unavailable = container.querySelector('.search-unavailable');
  if (location.protocol === 'file:' || typeof window.PagefindUI !== 'function') {
    if (unavailable) unavailable.hidden = false;
    return;
  }
  // A large site's index comes in parts (`data-parts`, beside the page's own `pagefind/`); Pagefind
  // merges them into one set of results.
  var parts = (container.getAttribute('data-parts') || '').split(' ').filter(Boolean).map(function (part) {
    return { bundlePath: new URL(part, location.href).href };
  });
  var ui = new window.PagefindUI({ element: '#search', showSubResults: false, showImages: false, resetStyles: false, mergeIndex: parts });
  var query = new URLSearchParams(location.search).get('q');
  if (query) ui.triggerSearch(query);
})();
