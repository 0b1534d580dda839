// Exploradores (lessons_lib.explorer.explore): un deslizador sobre una rejilla
// de valores calculada al compilar.
//
// Cada explorador es un <div class="lessons-explorer"> con sus datos en
// <script class="lessons-explorer-data"> (JSON): los valores, las etiquetas y
// la frase de cada punto ya escritos en español por lessons_lib, las curvas,
// las marcas de los ejes y, si las hay, las filas de un vector (los pesos).
// Este guion dibuja la gráfica en SVG y la actualiza con el deslizador (ratón
// o flechas del teclado); la frase del punto elegido está en una zona
// aria-live. Sin bibliotecas ni peticiones: funciona sin conexión y desde
// file://. Sin este guion se ve la imagen de tres instantáneas.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  // El núcleo de los deslizadores del libro, el mismo que el del reproductor de
  // animaciones: mover el deslizador muestra el punto i, su etiqueta junto al
  // deslizador y, para el lector de pantalla, en aria-valuetext.
  function lessonsSlider(slider, label, labels, render) {
    function show(i) {
      slider.value = i;
      label.textContent = labels[i];
      slider.setAttribute("aria-valuetext", labels[i]);
      render(i);
    }
    slider.addEventListener("input", function () {
      show(Number(slider.value));
    });
    return show;
  }
  window.lessonsSlider = lessonsSlider;

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function text(content, attributes, parent) {
    var node = element("text", attributes, parent);
    node.textContent = content;
    return node;
  }

  // Un eje vertical: y(valor) con las marcas que trae el JSON.
  function scale(ticks, top, bottom, log) {
    var f = log ? Math.log10 : function (v) { return v; };
    var low = f(ticks[0][0]), high = f(ticks[ticks.length - 1][0]);
    return function (value) {
      return bottom - (f(value) - low) / (high - low) * (bottom - top);
    };
  }

  function yAxis(svg, ticks, y, left, right) {
    ticks.forEach(function (tick) {
      element("line", {x1: left, x2: right, y1: y(tick[0]), y2: y(tick[0]), "class": "grid"}, svg);
      text(tick[1], {x: left - 6, y: y(tick[0]) + 4, "text-anchor": "end"}, svg);
    });
  }

  function draw(root, data) {
    var width = 640, left = 64, right = 628, n = data.grid.length;
    var top = 34, bottom = 214, barsTop = 282, barsBottom = 412;
    var height = data.vector ? 430 : 246;
    var svg = root.querySelector(".lessons-explorer-chart");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.replaceChildren();
    var x = function (i) { return left + i / (n - 1) * (right - left); };
    var y = scale(data.yTicks, top, bottom, data.logY);
    yAxis(svg, data.yTicks, y, left, right);
    [0, Math.floor((n - 1) / 2), n - 1].forEach(function (i) {
      text(data.labels[i], {x: x(i), y: bottom + 20, "text-anchor": i === 0 ? "start" : i === n - 1 ? "end" : "middle"}, svg);
    });
    data.series.forEach(function (curve, k) {
      var points = curve.values.map(function (v, i) { return x(i) + "," + y(v); }).join(" ");
      element("polyline", {points: points, "class": "series series-" + k}, svg);
      var legend = left + 8 + k * 170;
      element("line", {x1: legend, x2: legend + 28, y1: 14, y2: 14, "class": "series series-" + k}, svg);
      text(curve.name, {x: legend + 34, y: 18}, svg);
    });
    var marker = element("line", {y1: top, y2: bottom, "class": "marker"}, svg);
    var dots = data.series.map(function (curve, k) {
      return element("circle", {r: 4.5, "class": "dot series-" + k}, svg);
    });
    var bars = [], barY;
    if (data.vector) {
      var d = data.vector.values[0].length, step = (right - left) / d;
      barY = scale(data.vector.ticks, barsTop, barsBottom, false);
      yAxis(svg, data.vector.ticks, barY, left, right);
      text(data.vector.name, {x: left, y: barsTop - 12}, svg);
      for (var j = 0; j < d; j++) {
        bars.push(element("rect", {x: left + j * step + step * 0.1, width: Math.max(step * 0.8, 0.6), "class": "bar"}, svg));
      }
      // Los valores de referencia (los pesos verdaderos): un trazo fijo sobre
      // cada barra, dibujado encima de ellas, con su leyenda a la derecha.
      var reference = data.vector.reference;
      if (reference) {
        reference.values.forEach(function (value, j) {
          element("line", {x1: left + j * step, x2: left + (j + 1) * step, y1: barY(value), y2: barY(value),
                           "class": "reference"}, svg);
        });
        element("line", {x1: right - 190, x2: right - 162, y1: barsTop - 16, y2: barsTop - 16, "class": "reference"}, svg);
        text(reference.name, {x: right - 156, y: barsTop - 12}, svg);
      }
    }
    return function (i) {
      marker.setAttribute("x1", x(i));
      marker.setAttribute("x2", x(i));
      dots.forEach(function (dot, k) {
        dot.setAttribute("cx", x(i));
        dot.setAttribute("cy", y(data.series[k].values[i]));
      });
      bars.forEach(function (bar, j) {
        var value = data.vector.values[i][j], zero = barY(0), end = barY(value);
        bar.setAttribute("y", Math.min(zero, end));
        bar.setAttribute("height", Math.max(Math.abs(end - zero), 0.5));
      });
    };
  }

  function setUp(root) {
    var data = JSON.parse(root.querySelector("script.lessons-explorer-data").textContent);
    var sentence = root.querySelector(".lessons-explorer-text");
    var render = draw(root, data);
    var show = lessonsSlider(
      root.querySelector("input[type=range]"),
      root.querySelector(".lessons-explorer-label"),
      data.labels,
      function (i) {
        render(i);
        sentence.textContent = data.sentences[i];
      }
    );
    root.querySelector(".lessons-explorer-fallback").hidden = true;
    root.querySelector(".lessons-explorer-chart").removeAttribute("hidden");
    root.querySelector(".lessons-explorer-controls").hidden = false;
    show(data.initial);
  }

  function setUpAll() {
    document.querySelectorAll(".lessons-explorer").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
