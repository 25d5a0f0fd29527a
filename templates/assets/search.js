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
  var ui = new window.PagefindUI({ element: '#search', showSubResults: false, showImages: false, resetStyles: false });
  var query = new URLSearchParams(location.search).get('q');
  if (query) ui.triggerSearch(query);
})();
