// Mounts the payment provider's card element (Stripe.js) in each form that takes a card,
// turns the card into tokens when the form is sent (the card goes to the provider, never to
// Caravan), and completes a confirmation the buyer's bank asked for (3-D Secure), then
// sends the form again so the order is placed with the payment already made.
(function () {
  "use strict";
  if (typeof Stripe !== "function") return;
  document.querySelectorAll("[data-stripe-card]").forEach(function (mount) {
    var form = mount.closest("form");
    if (!form) return;
    var stripe = Stripe(mount.dataset.key);
    var card = stripe.elements().create("card");
    card.mount(mount);
    var token = form.querySelector('input[name="card_token"]');
    var problem = document.getElementById(mount.id + "-error");
    var sending = false;
    var say = function (message) {
      problem.textContent = message;
      sending = false;
    };
    var payingByCard = function () {
      var method = form.querySelector('input[name="payment"]:checked');
      return !method || method.value === "escrow";
    };
    form.addEventListener("submit", function (event) {
      if (!payingByCard()) return;
      event.preventDefault();
      if (sending) return;
      sending = true;
      var wanted = Number(mount.dataset.payments || "1");
      var tokens = [];
      var next = function () {
        if (tokens.length === wanted) {
          token.value = tokens.join(",");
          form.submit();
          return;
        }
        stripe.createToken(card).then(function (result) {
          if (result.error) return say(result.error.message || "Check your card.");
          tokens.push(result.token.id);
          next();
        }, function () {
          say("The card service did not answer. Try again.");
        });
      };
      next();
    });
    var secret = mount.dataset.action;
    if (secret) {
      sending = true;
      stripe.confirmCardPayment(secret).then(function (result) {
        if (result.error) return say(result.error.message || "Your bank could not confirm the payment. Try again or use another card.");
        token.value = "";
        form.submit();
      }, function () {
        say("The card service did not answer. Try again.");
      });
    }
  });
})();
