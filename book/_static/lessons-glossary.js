// Definiciones emergentes del glosario (book/_ext/lessons_glossary.py).
//
// Cada enlace a un término (a.lessons-term) muestra su definición al pasar el
// puntero o el foco por él, en un único elemento role="tooltip" que el enlace
// nombra con aria-describedby. Como pide WCAG 1.4.13: la definición se queda
// mientras el puntero está sobre el enlace o sobre ella, y Escape la cierra
// sin mover el foco. Las definiciones de la página están en
// <script id="lessons-glossary-data"> (JSON): nada se pide a otro servidor.
(function () {
  "use strict";
  var data, tip, current = null, timer = null;

  function cancelHide() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function hide() {
    cancelHide();
    tip.hidden = true;
    if (current) {
      current.removeAttribute("aria-describedby");
    }
    current = null;
  }

  // Al salir el puntero, un momento de gracia para llegar a la definición.
  function hideSoon() {
    cancelHide();
    timer = setTimeout(function () {
      if (current && document.activeElement === current) {
        return;
      }
      hide();
    }, 300);
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    tip.style.left = "0px";
    tip.style.top = "0px";
    var left = Math.max(8, Math.min(box.left, width - tip.offsetWidth - 8));
    var top = box.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight && box.top - tip.offsetHeight - 6 > 0) {
      top = box.top - tip.offsetHeight - 6;
    }
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var entry = data[decodeURIComponent(link.hash.slice(1))];
    cancelHide();
    if (current && current !== link) {
      current.removeAttribute("aria-describedby");
    }
    current = link;
    var term = document.createElement("strong");
    term.textContent = entry.term;
    tip.replaceChildren(term, document.createTextNode(": " + entry.text));
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    place(link);
  }

  function setUp() {
    var source = document.getElementById("lessons-glossary-data");
    if (!source) {
      return;
    }
    data = JSON.parse(source.textContent);
    tip = document.createElement("div");
    tip.id = "lessons-glossary-tooltip";
    tip.className = "lessons-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    tip.addEventListener("mouseenter", cancelHide);
    tip.addEventListener("mouseleave", hideSoon);
    document.querySelectorAll("a.lessons-term").forEach(function (link) {
      if (!data[decodeURIComponent(link.hash.slice(1))]) {
        return;
      }
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !tip.hidden) {
        hide();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
