// Telling the agent that a customer waits, while the console is open in a tab they may not be looking at:
// the count in the tab title, a short sound and (with the browser's permission) a desktop notification.
// Only tickets that are NEW to this console alert: the queue found on opening the console is on screen
// already (a burst of alerts for it would be noise, and every reload would repeat it), and a ticket that
// alerted once never alerts again, even when it leaves the waiting list and comes back.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { SessionTexts } from './session-texts.js';

/** Remembers the waiting tickets this console has seen; the first list it is given only primes it. */
export class WaitingAlerts {
  private readonly seen = new Set<string>();
  private primed = false;

  /** The ids of `waiting` never seen before (none on the first call). */
  fresh(waiting: readonly string[]): string[] {
    const fresh = this.primed ? waiting.filter((id) => !this.seen.has(id)) : [];
    waiting.forEach((id) => this.seen.add(id));
    this.primed = true;
    return fresh;
  }
}

export type Permission = NotificationPermission | 'unsupported';

export function notificationPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

let audio: AudioContext | undefined;

/**
 * Makes the sound playable: browsers start an AudioContext only from a user gesture, so the console calls
 * this on the agent's clicks (the alerts button, signing in). Without it the chime may stay silent.
 */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
  } catch {
    // No Web Audio here: the title and the notification still tell.
  }
}

/** Two short soft tones (no sound file to serve or cache). */
export function chime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime + 0.01;
    [880, 1320].forEach((frequency, index) => {
      const tone = audio!.createOscillator();
      const gain = audio!.createGain();
      const at = start + index * 0.18;
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      tone.connect(gain).connect(audio!.destination);
      tone.start(at);
      tone.stop(at + 0.17);
    });
  } catch {
    // No Web Audio here: the title and the notification still tell.
  }
}

/** A desktop notification when the agent allowed them; clicking it brings the console forward. */
export function notifyDesktop(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag, lang: document.documentElement.lang });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the sound and title remain.
  }
}

/** The header button asking for permission (browsers require a click for it), or what was decided. */
export function NotifyButton({ s }: { s: SessionTexts }) {
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  if (permission === 'unsupported') return null;
  if (permission === 'granted') return html`<span id="notify-state" class="ag-bar-note" title=${s.notifyAskHint}>${s.notifyOn}</span>`;
  if (permission === 'denied') return html`<span id="notify-state" class="ag-bar-note" title=${s.notifyDeniedHint}>${s.notifyDenied}</span>`;
  const ask = async () => {
    unlockSound();
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(notificationPermission());
    }
  };
  return html`<button type="button" id="notify-permission" class="ag-bar-button" title=${s.notifyAskHint} onClick=${ask}>${s.notifyAsk}</button>`;
}
