// Preguntas de repaso (directiva quiz, book/_ext/lessons_quiz.py).
//
// Cada pregunta es un <div data-quiz="choice|number" data-key="…"> con un
// formulario: opciones (input[type=radio]) o una casilla para un número, el
// botón «Comprobar» y una zona aria-live donde aparece «Correcto» o
// «Incorrecto» seguido de la frase que lo explica. La respuesta (data-key) va
// en base64 para que no se vea en la página. Sin bibliotecas ni peticiones:
// funciona sin conexión y desde file://. Los textos vienen de
// window.lessonsTexts (book/_ext/lessons_texts.py).
(function () {
  "use strict";
  var texts = window.lessonsTexts || {};

  // «3.5», «3,5», «−0.25», «96.2 %», « 7 »: el número, o NaN.
  function parseNumber(text) {
    var cleaned = text.replace(/[\s\u00a0\u202f%]/g, "").replace(/\u2212/g, "-").replace(",", ".");
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned) ? Number(cleaned) : NaN;
  }

  // La zona aria-live pasa a decir «Veredicto.» y la frase que lo explica.
  function say(root, verdict, outcome) {
    var feedback = root.querySelector(".lessons-quiz-feedback");
    var source = root.querySelector('.lessons-quiz-explanation[data-outcome="' + outcome + '"]');
    var parts = source ? Array.prototype.map.call(source.children, function (child) {
      return child.cloneNode(true);
    }) : [];
    if (!parts.length || parts[0].tagName !== "P") {
      parts.unshift(document.createElement("p"));
    }
    var strong = document.createElement("strong");
    strong.textContent = verdict + ".";
    parts[0].insertBefore(document.createTextNode(" "), parts[0].firstChild);
    parts[0].insertBefore(strong, parts[0].firstChild);
    feedback.replaceChildren.apply(feedback, parts);
    feedback.dataset.verdict = verdict === texts.correct ? "correct" : "incorrect";
  }

  function ask(root, message) {
    var feedback = root.querySelector(".lessons-quiz-feedback");
    var paragraph = document.createElement("p");
    paragraph.textContent = message;
    feedback.replaceChildren(paragraph);
    delete feedback.dataset.verdict;
  }

  function check(root) {
    var key = JSON.parse(atob(root.dataset.key));
    if (root.dataset.quiz === "choice") {
      var chosen = root.querySelector("input[type=radio]:checked");
      if (!chosen) {
        ask(root, texts.noChoice);
        return;
      }
      var right = Number(chosen.value) === key.answer;
      say(root, right ? texts.correct : texts.incorrect, chosen.value);
      return;
    }
    var value = parseNumber(root.querySelector("input").value);
    if (isNaN(value)) {
      ask(root, texts.notANumber);
      return;
    }
    var close = Math.abs(value - key.value) <= key.tolerance * (1 + 1e-9) + 1e-12;
    say(root, close ? texts.correct : texts.incorrect, close ? "right" : "wrong");
  }

  function setUp() {
    document.querySelectorAll("[data-quiz]").forEach(function (root) {
      var form = root.querySelector("form");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        check(root);
      });
      // Otra respuesta: la explicación anterior ya no vale.
      form.addEventListener("input", function () {
        root.querySelector(".lessons-quiz-feedback").replaceChildren();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
