// The demo bank's own script: buttons that use the launcher's JavaScript API (window.CertHelper).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-cert-helper]') : null;
  if (!button || !window.CertHelper) return;
  if (button.dataset.certHelper === 'open') window.CertHelper.open();
  if (button.dataset.certHelper === 'send') window.CertHelper.send(button.dataset.text);
});
