/* livingreview: citation previews, "copy BibTeX" buttons, and a name for
 * Material's search dialog.
 *
 * Hovering over or focusing an in-text citation shows the full reference,
 * taken from the page's own reference list, in a popover; on a touch screen
 * the first tap shows it and a second tap follows the link. Without
 * JavaScript a citation is a plain link to its entry. Listeners sit on the
 * document, so they keep working when Material's instant navigation swaps
 * the page. No network, no dependencies.
 */
(function () {
  "use strict";

  var CITATION = 'a[role="doc-biblioref"]';
  var popover = null;
  var owner = null;
  var hideTimer = null;
  var lastTouch = 0; // when the screen was last touched
  var tapped = null; // the citation whose preview the last tap opened

  function touching() {
    return Date.now() - lastTouch < 1000;
  }

  function target(link) {
    // Material's instant navigation makes hrefs absolute: compare paths.
    var url;
    try {
      url = new URL(link.href, window.location.href);
      if (url.pathname !== window.location.pathname || !url.hash) return null;
      return document.getElementById(decodeURIComponent(url.hash.slice(1)));
    } catch (error) {
      return null;
    }
  }

  function ensurePopover() {
    if (!popover || !document.body.contains(popover)) {
      popover = document.createElement("div");
      popover.id = "lr-preview";
      popover.className = "lr-preview";
      popover.setAttribute("role", "tooltip");
      popover.hidden = true;
      popover.addEventListener("mouseenter", function () {
        clearTimeout(hideTimer);
      });
      popover.addEventListener("mouseleave", scheduleHide);
      document.body.appendChild(popover);
    }
    return popover;
  }

  function show(link) {
    var entry = target(link);
    if (!entry) return;
    clearTimeout(hideTimer);
    var box = ensurePopover();
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    var copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("role");
    Array.prototype.forEach.call(
      copy.querySelectorAll(".csl-cited-in, .csl-bibtex, [id]"),
      function (node) {
        if (node.classList.contains("csl-cited-in") || node.classList.contains("csl-bibtex")) {
          node.remove();
        } else {
          node.removeAttribute("id");
        }
      }
    );
    box.innerHTML = "";
    box.appendChild(copy);
    box.hidden = false;
    owner = link;
    link.setAttribute("aria-describedby", box.id);
    place(link, box);
  }

  function place(link, box) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    var below = rect.bottom + 8;
    var top = below + box.offsetHeight > window.innerHeight && rect.top > box.offsetHeight + 8
      ? rect.top - box.offsetHeight - 8
      : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    tapped = null;
    if (popover) popover.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function citationOf(node) {
    return node && node.closest ? node.closest(CITATION) : null;
  }

  document.addEventListener(
    "touchstart",
    function () {
      lastTouch = Date.now();
    },
    { capture: true, passive: true }
  );
  // A tap also fires mouseover and focus; those are left to the click.
  document.addEventListener("mouseover", function (event) {
    var link = citationOf(event.target);
    if (link && !touching()) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (citationOf(event.target)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = citationOf(event.target);
    if (link && !touching()) show(link);
    else if (!(popover && popover.contains(event.target))) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (citationOf(event.target)) scheduleHide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  // Capture phase: decide before Material's instant navigation sees the tap.
  document.addEventListener(
    "click",
    function (event) {
      var link = citationOf(event.target);
      if (link && touching() && tapped !== link) {
        event.preventDefault(); // first tap: preview; second tap: follow
        event.stopPropagation();
        tapped = link;
        show(link);
      } else if (!link && popover && !popover.contains(event.target)) {
        hide();
      }
    },
    true
  );
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".lr-copy") : null;
    if (button) copyBibtex(button);
  });

  function copyBibtex(button) {
    var code = button.parentNode.querySelector("code");
    if (!code || !navigator.clipboard) return;
    navigator.clipboard.writeText(code.textContent).then(function () {
      button.textContent = "Copied";
      setTimeout(function () {
        button.textContent = "Copy";
      }, 1500);
    });
  }

  function addCopyButtons() {
    hide();
    Array.prototype.forEach.call(
      document.querySelectorAll("details.csl-bibtex"),
      function (details) {
        if (details.querySelector(".lr-copy")) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lr-copy";
        button.textContent = "Copy";
        button.setAttribute("aria-label", "Copy this entry's BibTeX");
        details.appendChild(button);
      }
    );
  }

  // Material's search dialog has no accessible name (axe: aria-dialog-name).
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "Search the site");
    }
  }

  function everyPage() {
    addCopyButtons();
    nameSearchDialog();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(everyPage); // Material: every page, instant or not
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", everyPage);
  } else {
    everyPage();
  }
})();
