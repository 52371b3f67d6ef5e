/** The body of one message turn on POST /api/messages (expectReplies: the replies come back in the response). */
export function messageTurn(conversationId: string, text = '인증서 파일 확인'): string {
  return JSON.stringify({
    type: 'message',
    text,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    from: { id: `user-${conversationId}`, role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    conversation: { id: conversationId },
    locale: 'ko-KR',
  });
}
