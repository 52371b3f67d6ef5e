// NLP.js ships no type declarations; these cover only what the recognizer uses.
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}

declare module '@nlpjs/core' {
  export interface NlpContainer {
    readonly __nlpContainer: true;
  }
  export function containerBootstrap(): Promise<NlpContainer>;
}

declare module '@nlpjs/nlu' {
  import type { NlpContainer } from '@nlpjs/core';
  export interface NluSettings {
    locale?: string;
    log?: boolean;
    useNoneFeature?: boolean;
    [key: string]: unknown;
  }
  export interface NluClassification {
    intent: string;
    score: number;
  }
  export interface ProcessState {
    text: string;
    tokens: Record<string, number>;
    settings: NluSettings;
    classifications?: NluClassification[];
  }
  export class NluNeural {
    constructor(settings: NluSettings, container: NlpContainer);
    settings: NluSettings;
    prepare(text: unknown, settings?: unknown): Promise<unknown>;
    train(corpus: { utterance: string; intent: string }[], settings?: NluSettings): Promise<unknown>;
    textToFeatures(state: ProcessState): ProcessState;
    innerProcess(state: ProcessState): ProcessState;
    filterNonActivated(state: ProcessState): ProcessState;
    normalizeClassifications(state: ProcessState): ProcessState;
    process(utterance: string, settings?: NluSettings): Promise<{ classifications: NluClassification[] }>;
  }
}

declare module '@nlpjs/similarity' {
  export class SpellCheck {
    constructor(settings: { features: Record<string, number>; minLength?: number });
    /** The closest known word within `distance` edits, or the word itself. */
    checkToken(token: string, distance: number): string;
  }
}
