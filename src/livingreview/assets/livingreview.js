/* livingreview: citation previews, "copy BibTeX" buttons, the
 * bibliography's filter, the mark on where a link lands, and a name for
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
  // Where the pointer was when the page (or its #target) was arrived at: a
  // preview waits until the pointer has moved, so that following a link does
  // not open one over the very place it lands on.
  var pointer = "";
  var arrivedAt = null;
  var landedOn = null; // the citation arrived at, which Material focuses

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
      copy.querySelectorAll(".csl-cited-in, .csl-bibtex, .csl-verified, .csl-backlinks, [id]"),
      function (node) {
        if (node.matches(".csl-cited-in, .csl-bibtex, .csl-verified, .csl-backlinks")) {
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
  document.addEventListener(
    "mousemove",
    function (event) {
      pointer = event.clientX + "," + event.clientY;
      if (arrivedAt !== null && pointer !== arrivedAt) {
        arrivedAt = null; // the reader moves the pointer: previews as usual
        var link = citationOf(event.target);
        if (link && link !== owner && !touching()) show(link);
      }
    },
    { capture: true, passive: true }
  );
  function stillSinceArrival() {
    return arrivedAt !== null && arrivedAt === pointer;
  }
  // A tap also fires mouseover and focus; those are left to the click.
  document.addEventListener("mouseover", function (event) {
    var link = citationOf(event.target);
    if (link && !touching() && !stillSinceArrival()) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (citationOf(event.target)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = citationOf(event.target);
    if (link && link === landedOn) {
      landedOn = null; // focused by the arrival, not by the reader
      return;
    }
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

  // Mark the element the address points to: Material's instant navigation
  // changes the address without the browser's :target following it.
  function markTarget() {
    arrivedAt = pointer;
    Array.prototype.forEach.call(document.querySelectorAll(".lr-target"), function (node) {
      node.classList.remove("lr-target");
    });
    var id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    var node = id ? document.getElementById(id) : null;
    landedOn = node && node.matches(CITATION) ? node : null;
    if (landedOn && owner === landedOn) hide();
    if (node && (node.classList.contains("csl-entry") || node.closest(".citation"))) {
      node.classList.add("lr-target");
    }
  }

  function normal(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // The site bibliography's filter: words in the text (authors, title,
  // year), the page citing, the type of work.
  function setUpFilter() {
    var form = document.querySelector("form.lr-filter");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");
    form.hidden = false;
    var entries = Array.prototype.slice.call(document.querySelectorAll("#refs > .csl-entry"));
    var texts = entries.map(function (entry) {
      var copy = entry.cloneNode(true);
      Array.prototype.forEach.call(
        copy.querySelectorAll(".csl-cited-in, .csl-bibtex, .csl-verified"),
        function (node) {
          node.remove();
        }
      );
      return normal(copy.textContent);
    });
    var count = form.querySelector(".lr-filter-count");
    function apply() {
      var words = normal(form.elements.namedItem("text").value).split(/\s+/).filter(Boolean);
      var page = form.elements.namedItem("page").value;
      var type = form.elements.namedItem("type").value;
      var shown = 0;
      entries.forEach(function (entry, index) {
        var pages = (entry.getAttribute("data-cited-in") || "").split("|");
        var keep =
          words.every(function (word) {
            return texts[index].indexOf(word) !== -1;
          }) &&
          (!page || pages.indexOf(page) !== -1) &&
          (!type || entry.getAttribute("data-type") === type);
        entry.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent =
        shown === entries.length
          ? entries.length + " works"
          : "Showing " + shown + " of " + entries.length + " works";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  }

  // The home page's title says the site's name: the header need not, until
  // the title has scrolled away.
  function titleOnce() {
    var name = document.querySelector(".md-header__topic:first-child .md-ellipsis");
    var heading = document.querySelector(".md-content h1");
    var same = name && heading && normal(name.textContent.trim()) === normal(
      heading.textContent.replace(/\u00b6/g, "").trim()
    );
    document.documentElement.classList.toggle("lr-title-in-h1", Boolean(same));
  }

  // Without site_url the print block gives the address the page came from.
  function printAddress() {
    var url = document.querySelector(".lr-print-url");
    if (url && !url.textContent) url.textContent = window.location.href.split("#")[0];
  }

  function everyPage() {
    addCopyButtons();
    nameSearchDialog();
    markTarget();
    setUpFilter();
    titleOnce();
    printAddress();
  }
  window.addEventListener("hashchange", markTarget);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(everyPage); // Material: every page, instant or not
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", everyPage);
  } else {
    everyPage();
  }
})();
