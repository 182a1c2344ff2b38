import type { ProviderView, UserRole } from '@vigil/contracts';
import { CaseTypeLabels } from '@vigil/domain';
import { referralStatusTag } from '../provider-concerns/provider-concern-overview.view-model';

/** Who sees the providers page and opens provider concerns from it (the case type's openers). */
export const ProvidersPageRoles: readonly UserRole[] = ['commissioner', 'team_manager', 'head_of_service'];

export interface ProviderRow {
  id: string;
  name: string;
  status: { text: string; classes: string };
  /** "At most 5 new referrals a week" while resumption is phased. */
  cap: string | null;
  openCases: string[];
  last90Days: { concern: number; incident: number; complaint: number };
  earlyWarning: { text: string; near: boolean } | null;
  concern: { href: string; reference: string } | null;
  openHref: string | null;
}

export interface ProvidersPage {
  pageTitle: string;
  navCurrent: 'providers';
  providers: ProviderRow[];
  /** The early warning's window in words, once for the page (the same policy for every provider). */
  window: string | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** An ISO-8601 duration in words: `P30D` → "30 days", `P1M2D` → "1 month and 2 days"; as given otherwise. */
export function durationWords(iso: string): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    iso,
  );
  if (!m || iso === 'P' || iso.endsWith('T')) return iso;
  const units: [string | undefined, string][] = [
    [m[1], 'year'],
    [m[2], 'month'],
    [m[3], 'week'],
    [m[4], 'day'],
    [m[5], 'hour'],
    [m[6], 'minute'],
    [m[7], 'second'],
  ];
  const parts = units.filter(([n]) => n !== undefined).map(([n, unit]) => plural(Number(n), unit));
  if (parts.length === 0) return iso;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Near the early-warning threshold: one short of it, or past it (never for a count of nothing). */
export const nearThreshold = (count: number, threshold: number): boolean =>
  count >= Math.max(1, threshold - 1);

export function providerRow(p: ProviderView, mayOpen: boolean): ProviderRow {
  return {
    id: p.id,
    name: p.name,
    status: referralStatusTag(p.referralStatus),
    cap:
      p.referralStatus === 'phased_resumption' && p.weeklyCap !== null
        ? `At most ${plural(p.weeklyCap, 'new referral')} a week`
        : null,
    openCases: Object.entries(p.openCases)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (CaseTypeLabels[a] ?? a).localeCompare(CaseTypeLabels[b] ?? b))
      .map(([type, n]) => `${CaseTypeLabels[type] ?? type}: ${n}`),
    last90Days: p.last90Days,
    earlyWarning: p.earlyWarning
      ? {
          text: `${p.earlyWarning.count} of ${p.earlyWarning.threshold} in ${durationWords(p.earlyWarning.window)}`,
          near: nearThreshold(p.earlyWarning.count, p.earlyWarning.threshold),
        }
      : null,
    concern: p.providerConcern
      ? { href: `/cases/${p.providerConcern.id}`, reference: p.providerConcern.reference }
      : null,
    openHref: !p.providerConcern && mayOpen ? `/providers/${p.id}/concerns/new` : null,
  };
}

/**
 * The providers page (issue 10): each provider the reader commissions or oversees, its referral status as a
 * tag, its open cases by type, the last 90 days' concerns, incidents and upheld complaints, how near the
 * early-warning threshold it is, and its open provider concern (or a way to open one).
 */
export function providersView(providers: readonly ProviderView[], mayOpen: boolean): ProvidersPage {
  const window = providers.find((p) => p.earlyWarning)?.earlyWarning?.window;
  return {
    pageTitle: 'Providers',
    navCurrent: 'providers',
    providers: providers.map((p) => providerRow(p, mayOpen)),
    window: window ? durationWords(window) : null,
  };
}
