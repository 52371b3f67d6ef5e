import { describe, expect, test, beforeAll } from '@jest/globals';
import { loadNluContent } from './content.js';
import { differsByOneJamoAt, EntityExtractor } from './entities.js';

let extractor: EntityExtractor;

beforeAll(async () => {
  extractor = new EntityExtractor((await loadNluContent()).entities);
});

describe('institution', () => {
  test.each([
    ['우체국에서 인증서 발급', 'epost'],
    ['우 체 국 스마트뱅킹', 'epost'],
    ['Korea Post app', 'epost'],
    ['koreapost', 'epost'],
    ['우리 은행 인증서', 'woori'],
    ['우리은행에서 등록', 'woori'],
    ['WOORI bank', 'woori'],
    ['국민은행에서 받은 인증서', 'kb'],
    ['국민 인증서', 'kb'],
    ['KB 인증서', 'kb'],
    ['kb국민 앱', 'kb'],
    ['신한은행', 'shinhan'],
    ['하나은행 인증서', 'hana'],
    ['하나 은행', 'hana'],
    ['농협 인증서', 'nh'],
    ['NH에서 발급', 'nh'],
    ['IBK 기업은행', 'ibk'],
    ['SC제일은행', 'sc'],
    ['카뱅 인증서', 'kakaobank'],
    ['카카오 뱅크', 'kakaobank'],
    ['토스뱅크', 'tossbank'],
    ['케이뱅크 인증서', 'kbank'],
    ['kbank', 'kbank'],
    ['부산은행', 'busan'],
    ['iM뱅크', 'im'],
    ['대구은행', 'im'],
    ['새마을금고', 'mg'],
    ['신협', 'shinhyup'],
    ['수협은행', 'suhyup'],
    ['씨티은행', 'citi'],
  ])('%s → %s', (text, id) => {
    expect(extractor.extract(text).institution).toBe(id);
  });

  test.each([
    ['우채국 인증서', 'epost'],
    ['국민은헹 인증서', 'kb'],
    ['새마을금꼬', 'mg'],
  ])('tolerates a one-key typo: %s → %s', (text, id) => {
    expect(extractor.extract(text).institution).toBe(id);
  });

  test.each([
    '인증서 하나 발급해 주세요',
    '우리 아이 인증서',
    '하나도 안 보여요',
    '기업 정보가 궁금해',
    'I have a problem',
    'the 5kb file',
    '다른 은행 인증서',
  ])('ambiguous everyday words are not institutions: %s', (text) => {
    expect(extractor.extract(text).institution).toBeUndefined();
  });

  test('with two institutions, the one the certificate comes from gives way to the target', () => {
    expect(extractor.extract('국민은행 인증서로 우체국 스마트뱅킹 쓰고 싶어요').institution).toBe('epost');
    expect(extractor.extract('우체국에 신한 인증서 등록').institution).toBe('epost');
    expect(extractor.extract('use my KB certificate at Woori').institution).toBe('woori');
    expect(extractor.extract('국민은행에서 받은 인증서를 우리은행에 등록').institution).toBe('woori');
  });
});

describe('certificate type', () => {
  test.each([
    ['공동인증서 발급', 'joint'],
    ['공동 인증서', 'joint'],
    ['공인인증서 재발급', 'joint'],
    ['공인 인증서', 'joint'],
    ['joint certificate', 'joint'],
    ['Accredited Certificate', 'joint'],
    ['금융인증서 갱신', 'financial'],
    ['금융 인증서', 'financial'],
    ['financial cert', 'financial'],
    ['금융인정서', 'financial'],
    ['공동인정서', 'joint'],
  ])('%s → %s', (text, id) => {
    expect(extractor.extract(text).certType).toBe(id);
  });

  test('a plain "인증서" says nothing about the type', () => {
    expect(extractor.extract('인증서 발급').certType).toBeUndefined();
  });
});

describe('device', () => {
  test.each([
    ['PC에서', 'pc'],
    ['컴퓨터로 옮기기', 'pc'],
    ['노트북', 'pc'],
    ['맥북에서 안 보여요', 'mac'],
    ['맥에서 인증서', 'mac'],
    ['Mac', 'mac'],
    ['안드로이드 폰', 'android'],
    ['갤럭시로', 'android'],
    ['아이폰으로', 'iphone'],
    ['iPhone', 'iphone'],
    ['휴대폰', 'phone'],
    ['스마트 폰', 'phone'],
    ['핸드폰으로', 'phone'],
    ['폰으로 옮기기', 'phone'],
    ['모바일', 'phone'],
    ['my phone', 'phone'],
  ])('%s → %s', (text, id) => {
    expect(extractor.extract(text).device).toBe(id);
  });

  test('the first device mentioned wins (the source of a copy)', () => {
    expect(extractor.extract('PC 인증서를 아이폰으로').device).toBe('pc');
    expect(extractor.extract('아이폰에서 PC로').device).toBe('iphone');
  });

  test('맥 inside another word is not a Mac', () => {
    expect(extractor.extract('맥주 마시고 싶다').device).toBeUndefined();
  });
});

test('extracts all three from one mixed sentence, and nothing from unrelated text', () => {
  expect(extractor.extract('신한 금융인증서 galaxy로 copy')).toEqual({ institution: 'shinhan', certType: 'financial', device: 'android' });
  expect(extractor.extract('오늘 날씨 어때요')).toEqual({});
});

describe('one-jamo typos', () => {
  /** The definition, spelled out: decompose every syllable and count the jamo that differ. */
  const jamoDistance = (a: string, b: string): number => {
    let distance = 0;
    for (let i = 0; i < b.length; i++) {
      if (a[i] === b[i]) continue;
      const [x, y] = [a.charCodeAt(i) - 0xac00, b.charCodeAt(i) - 0xac00];
      if (x < 0 || x > 11171) return Infinity;
      distance +=
        Number(Math.floor(x / 588) !== Math.floor(y / 588)) + Number(Math.floor((x % 588) / 28) !== Math.floor((y % 588) / 28)) + Number(x % 28 !== y % 28);
    }
    return distance;
  };

  test('differsByOneJamoAt agrees with the definition at every position of varied texts', () => {
    const aliases = ['우체국', '국민은행', '새마을금고', '공동인증서'];
    // Seeded pseudo-random mutations of the aliases inside other text: same syllable, one jamo
    // changed, two changed, two syllables changed, non-Hangul characters.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const mutate = (syllable: string) => {
      const code = syllable.charCodeAt(0) - 0xac00;
      const parts = [Math.floor(code / 588), Math.floor((code % 588) / 28), code % 28];
      const which = random(3);
      parts[which] = random([19, 21, 28][which]);
      return String.fromCharCode(0xac00 + parts[0] * 588 + parts[1] * 28 + parts[2]);
    };
    let checked = 0;
    let typos = 0;
    for (let round = 0; round < 400; round++) {
      const alias = aliases[random(aliases.length)];
      const chars = [...alias];
      for (let edits = random(3); edits > 0; edits--) {
        const at = random(chars.length);
        chars[at] = random(5) === 0 ? 'x' : mutate(chars[at]);
      }
      const text = ['', '인증서 ', 'a', '🙂'][random(4)] + chars.join('') + ['', ' 발급', '은'][random(3)];
      for (let start = 0; start <= text.length; start++) {
        const expected = start + alias.length <= text.length && jamoDistance(text.slice(start, start + alias.length), alias) === 1;
        expect(differsByOneJamoAt(text, start, alias)).toBe(expected);
        checked++;
        if (expected) typos++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(typos).toBeGreaterThan(50); // the generator does make one-jamo typos
  });
});
