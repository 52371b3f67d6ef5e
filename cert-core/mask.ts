/**
 * Masks a person's name for display: 홍길동 → 홍*동, 김철 → 김*, 남궁민수 → 남**수. Keeps the first and (from
 * three characters on) the last character, like Korean banks do on screens and receipts.
 */
export function maskOwnerName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
