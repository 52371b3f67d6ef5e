/**
 * Public API of the NLU: the bot calls createRecognizer() once at start-up and recognize() per
 * message. Everything it needs is read from content/nlu (never from ../shared).
 */
import { trainClassifier } from './classifier.js';
import { loadNluContent, DEFAULT_CONTENT_DIR } from './content.js';
import { DEFAULT_THRESHOLDS, isLowConfidence, type ConfidenceThresholds } from './confidence.js';
import { EntityExtractor, type Entities } from './entities.js';
import { applyDomainGate } from './gate.js';
import { INTENTS, type Intent } from './intents.js';
import { Lexicon } from './lexicon.js';

export { INTENTS, type Intent };
export type { Entities };
export { NluContentError } from './content.js';

export interface Recognition {
  text: string;
  intent: Intent;
  score: number;
  /** The three best intents, best first (alternatives[0] is `intent`): the bot offers [0] and [1] when unsure. */
  alternatives: { intent: Intent; score: number }[];
  entities: Entities;
  lowConfidence: boolean;
}

export interface RecognizerOptions {
  /** Folder holding intents/*.json and entities.json; defaults to content/nlu of this repo. */
  contentDir?: string;
  thresholds?: ConfidenceThresholds;
}

export interface Recognizer {
  recognize(text: string): Recognition;
}

const ALTERNATIVES = 3;
/** Chat messages are short; a pasted document must not cost seconds of matching, so only its start is read. */
export const MAX_RECOGNIZED_LENGTH = 1000;

/** Texts this short (button and quick-reply texts, short questions) are remembered, up to this many. */
const CACHED_TEXT_LENGTH = 80;
const CACHED_TEXTS = 1000;

const WARM_UP = '작년에 국민은행 공동인증서를 발급받았어요. 인증서가 안 보여요 how do I renew my certificate? ';

export async function createRecognizer(options: RecognizerOptions = {}): Promise<Recognizer> {
  const content = await loadNluContent(options.contentDir ?? DEFAULT_CONTENT_DIR);
  const classifier = await trainClassifier(content.examples, new Lexicon(content.lexicon));
  const extractor = new EntityExtractor(content.entities);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  // Buttons and quick replies send the same few texts over and over: a recognition depends on the
  // text alone, so short texts are remembered (bounded, oldest first out) and a copy handed out.
  const recent = new Map<string, Recognition>();
  const recognizer: Recognizer = {
    recognize(text: string): Recognition {
      const known = recent.get(text);
      if (known) return structuredClone(known);
      const recognition = recognizeAfresh(text);
      if (text.length <= CACHED_TEXT_LENGTH) {
        if (recent.size >= CACHED_TEXTS) recent.delete(recent.keys().next().value!);
        recent.set(text, structuredClone(recognition));
      }
      return recognition;
    },
  };
  function recognizeAfresh(text: string): Recognition {
    const considered = text.slice(0, MAX_RECOGNIZED_LENGTH);
    const classification = applyDomainGate(classifier.classify(considered));
    const { ranked } = classification;
    const best = ranked[0];
    return {
      text,
      intent: best.intent,
      score: best.score,
      alternatives: ranked.slice(0, ALTERNATIVES),
      entities: extractor.extract(considered),
      lowConfidence: isLowConfidence(classification, thresholds),
    };
  }
  // The first long message would otherwise pay for compiling the regular expressions and the
  // feature code (tens of ms, far more on a loaded machine): start-up pays it once instead.
  recognizer.recognize(WARM_UP.repeat(Math.ceil(MAX_RECOGNIZED_LENGTH / WARM_UP.length)));
  return recognizer;
}
