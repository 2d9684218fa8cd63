// Avertissement de fin de session (RGAA 13.1) : deux minutes avant la fermeture, un message et un bouton
// « Rester connecté » qui la prolonge sans quitter la page. Script local (CSP : aucun script en ligne).
(function () {
  "use strict";
  var bloc = document.getElementById("qualite-session");
  if (!bloc) { return; }
  var message = document.getElementById("qualite-session-message");
  var formulaire = bloc.querySelector("form");
  var bouton = document.getElementById("qualite-session-bouton");
  var avertir = parseInt(bloc.getAttribute("data-avertir"), 10) * 1000;
  var fin = 0;
  var minuteurs = [];

  function minutes(ms) {
    var n = Math.max(1, Math.ceil(ms / 60000));
    return n + (n > 1 ? " minutes" : " minute");
  }
  function programmer(restant, prolongeable) {
    minuteurs.forEach(window.clearTimeout);
    minuteurs = [];
    fin = Date.now() + restant * 1000;
    bloc.hidden = true;
    minuteurs.push(window.setTimeout(function () {
      message.textContent = prolongeable
        ? "Votre session va se fermer dans " + minutes(fin - Date.now()) + " faute d'activité."
        : "Votre session atteint sa durée maximale : elle se fermera dans " + minutes(fin - Date.now()) + ".";
      formulaire.hidden = !prolongeable;
      bloc.hidden = false;
      if (prolongeable) { bouton.focus(); }
    }, Math.max(restant * 1000 - avertir, 0)));
    minuteurs.push(window.setTimeout(function () {
      message.textContent = "Votre session est fermée : reconnectez-vous pour continuer.";
      formulaire.hidden = true;
      bloc.hidden = false;
    }, restant * 1000));
  }
  formulaire.addEventListener("submit", function (evenement) {
    evenement.preventDefault();
    fetch(formulaire.action, { method: "POST", body: new FormData(formulaire), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (reponse) { return reponse.ok ? reponse.json() : Promise.reject(reponse.status); })
      .then(function (donnees) { programmer(donnees.restant, donnees.prolongeable); })
      .catch(function () { formulaire.submit(); });
  });
  programmer(parseInt(bloc.getAttribute("data-restant"), 10), bloc.getAttribute("data-prolongeable") === "1");
})();
