// Dossier: an embed loads nothing from its host until the reader asks for it. Each
// placeholder's button (hidden without JavaScript, where the link below it is all there
// is) swaps in the host's frame on click. Loaded once per embed; runs once per page.
(function () {
  if (window.dossierEmbeds) return;
  window.dossierEmbeds = true;
  function start() {
    var figures = document.querySelectorAll("figure.embed[data-embed-frame]");
    Array.prototype.forEach.call(figures, function (fig) {
      var button = fig.querySelector(".embed-load");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = fig.getAttribute("data-embed-frame");
        frame.title = fig.getAttribute("data-embed-title");
        frame.setAttribute("allow", "fullscreen; picture-in-picture");
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        var stage = fig.querySelector(".embed-stage");
        stage.textContent = "";
        stage.appendChild(frame);
        frame.focus();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
