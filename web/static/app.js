// The only script of our own: print buttons. Everything else works without it.
document.addEventListener('click', (event) => {
  if (event.target.closest('[data-print]')) {
    window.print();
  }
});
