// Botones para mostrar u ocultar los índices (el del libro y el de la página).
//
// El tema pone dos botones de cada clase, uno en la cabecera del sitio (oculto
// en este libro) y otro en la del artículo, pero conecta su lógica solo al
// primero que encuentra. Los demás le pasan el clic, así que el botón que el
// lector ve abre y cierra el índice en cualquier pantalla.
document.addEventListener("DOMContentLoaded", () => {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [first, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        first.click();
      });
    }
  }
});
