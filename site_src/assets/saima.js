/* Saima: what Material leaves undone for assistive technology (axe-core checks it, tests/test_browser.py).
   No text of its own: the dialog's name is the search box's label, which Material translates. */
document$.subscribe(function () {
  // The search dialog needs a name for a screen reader (axe: aria-dialog-name).
  var dialog = document.querySelector(".md-search[role=dialog]");
  var query = document.querySelector("[data-md-component=search-query]");
  if (dialog && query && !dialog.hasAttribute("aria-label"))
    dialog.setAttribute("aria-label", query.getAttribute("aria-label") || query.placeholder);
  // A table wider than the screen scrolls sideways: a keyboard must be able to scroll it too
  // (axe: scrollable-region-focusable). Material wraps tables when the page loads, so this runs after.
  document.querySelectorAll(".md-typeset__scrollwrap, .saima-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
  });
  // A month grid that does not fit starts scrolled to its end: the newest month (and the honours'
  // totals) is what the reader came for; the unit column stays in view (sticky, saima.css).
  document.querySelectorAll(".saima-grid, .saima-grid .md-typeset__scrollwrap").forEach(function (box) {
    box.scrollLeft = box.scrollWidth;
  });
});
