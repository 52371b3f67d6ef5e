// Starts the official Web Chat against the assistant's embedded Direct Line channel (same origin).
(async function start() {
  const params = new URLSearchParams(location.search);
  const locale = params.get('lang') === 'en' ? 'en-US' : 'ko-KR';
  document.documentElement.lang = locale.slice(0, 2);
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/webchat/token', { method: 'POST' });
    if (!response.ok) throw new Error('token ' + response.status);
    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: location.origin + '/v3/directline',
      webSocket: true,
    });
    window.WebChat.renderWebChat(
      {
        directLine,
        locale,
        styleOptions: { hideUploadButton: false, botAvatarInitials: '도움', userAvatarInitials: '나' },
      },
      document.getElementById('webchat'),
    );
  } catch (error) {
    status.hidden = false;
    status.textContent =
      locale === 'en-US'
        ? 'The chat could not start. Please reload the page in a moment.'
        : '채팅을 시작하지 못했어요. 잠시 후 페이지를 새로 고쳐 주세요.';
    console.error(error);
  }
})();
