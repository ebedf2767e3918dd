/**
 * A sponsor / referee supports an application and commits to deploying the LLE. Only these four kinds may
 * give a reference (the alliances' LLE page). Events name the kind and the referee's person id, never the
 * referee: their name, organisation and contact details live in the erasable person store, since a kind and
 * an organisation together (the DCS of a named council) would identify them.
 */
export const REFEREE_KINDS = [
  'la_dcs_or_second_tier_officer',
  'diocese_senior_representative',
  'teaching_school_headteacher',
  'tsa_strategic_partner_headteacher',
] as const;
export type RefereeKind = (typeof REFEREE_KINDS)[number];

export const REFEREE_KIND_DESCRIPTIONS: Readonly<Record<RefereeKind, string>> = {
  la_dcs_or_second_tier_officer: 'a DCS or second tier officer of the local authority',
  diocese_senior_representative: 'a senior representative of the diocese',
  teaching_school_headteacher: 'the headteacher of a teaching school',
  tsa_strategic_partner_headteacher:
    'the headteacher of a teaching school alliance strategic partner responsible for school-to-school support',
};

export function isEligibleRefereeKind(value: unknown): value is RefereeKind {
  return typeof value === 'string' && (REFEREE_KINDS as readonly string[]).includes(value);
}
