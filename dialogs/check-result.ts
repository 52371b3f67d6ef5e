import type { TurnContext } from 'botbuilder';
import { localeOf, type Locale } from '../content/texts.js';
import type { CheckOutcome } from './check-outcome.js';
import type { CertReport } from '../cert-core/index.js';
import { LOCAL_CHECK_URL, type CardLink } from '../cards/actions.js';
import type { DialogDeps } from './deps.js';
import { choiceCardData, homeAction } from '../cards/card-data.js';
import { splitButtons, troubleActionButton } from './trouble-actions.js';

/** Fix buttons on one result card, besides 처음으로: more is a list to read, not a choice. */
const MAX_FIX_BUTTONS = 3;

/**
 * Tells the user what a check of their certificate found, with a way forward for each problem
 * (the fixes in content/troubles/fixes.yaml), or why the check could not be done.
 */
export async function sendCheckResult(context: TurnContext, deps: DialogDeps, outcome: CheckOutcome): Promise<void> {
  const { texts } = deps;
  const locale = localeOf(context.activity.locale);
  const local: CardLink = { title: texts.get('check.local', locale), url: LOCAL_CHECK_URL };
  switch (outcome.kind) {
    case 'private':
      await deps.cards.send(
        context,
        'choice',
        choiceCardData({
          title: texts.get('check.private.title', locale),
          text: texts.get('check.private.text', locale, { names: outcome.names.map((n) => n.split('/').pop()).join(', ') }),
          links: [local],
          actions: [homeAction(texts, locale)],
        }),
      );
      return;
    case 'unreadable':
    case 'invalid_report':
      // Why not, and the ways on: attach again, check on the device, or the menu.
      await deps.cards.send(
        context,
        'choice',
        choiceCardData({
          title: texts.get('result.title', locale),
          text: texts.get(outcome.kind === 'unreadable' ? 'check.unreadable' : 'check.invalid', locale),
          links: [local],
          actions: [homeAction(texts, locale)],
        }),
      );
      return;
    case 'report':
      await deps.cards.send(context, 'choice', reportCard(outcome.report, deps, locale));
  }
}

function reportCard(report: CertReport, deps: DialogDeps, locale: Locale) {
  const { texts, content } = deps;
  const en = locale === 'en-US';
  const certificate = report.certificate;
  const facts: { title: string; value: string }[] = [];
  if (certificate) {
    const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Seoul' });
    // Owner and usage mean something only for a Korean signing certificate (not, say, a web server's).
    if (certificate.ca) facts.push({ title: texts.get('result.owner', locale), value: certificate.owner });
    facts.push({
      title: texts.get('result.ca', locale),
      value: `${certificate.ca ?? certificate.issuerOrg ?? '?'}${certificate.testCa ? ` (${texts.get('result.test_ca', locale)})` : ''}`,
    });
    const usage = (en ? certificate.usage_en : certificate.usage) ?? certificate.policyOid;
    if (certificate.ca && usage) facts.push({ title: texts.get('result.usage', locale), value: usage });
    const validity = { from: day(certificate.notBefore), until: day(certificate.notAfter), days: certificate.daysLeft };
    facts.push({
      title: texts.get('result.validity', locale),
      value: texts.get(certificate.daysLeft < 0 ? 'result.expired_days' : 'result.days_left', locale, validity),
    });
  }
  if (report.privateKey?.present) {
    const key = report.privateKey.decrypted && report.privateKey.matchesCertificate ? 'result.key.ok' : 'result.key.unchecked';
    if (report.privateKey.decrypted !== false && report.privateKey.matchesCertificate !== false)
      facts.push({ title: texts.get('result.key', locale), value: texts.get(key, locale) });
  }
  // Information (such as a restricted usage, shown as a fact) is not a problem: it is neither counted
  // nor listed. The page's local check counts the same way (web/check.js).
  const problems = report.problems.filter((p) => p.severity !== 'info');
  const items = problems.map((p) => `${p.severity === 'error' ? '❗' : '⚠️'} ${en ? p.message_en : p.message_ko} → ${en ? p.fix_en : p.fix_ko}`);
  const fixes = splitButtons(problems.flatMap((p) => (content.fixes[p.code] ?? []).map((action) => troubleActionButton(action, texts, content, locale))));
  // One way to a new certificate: 재발급 when it is offered (the certificate exists), else 새로 발급; a few choices at most.
  const offersReissue = fixes.actions.some((a) => a.data.action === 'topic' && a.data.intent === 'reissue');
  fixes.actions = fixes.actions.filter((a) => !(offersReissue && a.data.action === 'topic' && a.data.intent === 'issue')).slice(0, MAX_FIX_BUTTONS);
  return choiceCardData({
    title: texts.get('result.title', locale),
    text: problems.length === 0 ? texts.get('result.ok', locale) : texts.get('result.problems', locale, { count: problems.length }),
    facts,
    items: certificate || items.length > 0 ? items : [texts.get('result.not_certificate', locale)],
    links: fixes.links,
    actions: [...fixes.actions, homeAction(texts, locale)],
  });
}
