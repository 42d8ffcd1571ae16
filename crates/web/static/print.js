// Shows the receipt's print button and prints the page with it. Without scripts the page still
// says how to print it, and its PDF can be downloaded.
(function () {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () { window.print(); });
  }
})();
