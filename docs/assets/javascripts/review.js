/* Material's search dialog has no accessible name (axe: aria-dialog-name);
   give it one on every page, instant navigation included. */
document$.subscribe(function () {
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", "Search the review");
  }
});
