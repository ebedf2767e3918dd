/**
 * The four teaching school alliances of the source texts, as reference data. LLEs are added to their local
 * alliance, which brokers their placements.
 */
export interface Alliance {
  readonly code: AllianceCode;
  readonly name: string;
  /** The teaching schools that lead the alliance. */
  readonly teachingSchools: readonly string[];
}

export const ALLIANCE_CODES = ['CATSA', 'CATTSA', 'CASSA', 'ANGLIAN_GATEWAY'] as const;
export type AllianceCode = (typeof ALLIANCE_CODES)[number];

export const ALLIANCES: readonly Alliance[] = [
  { code: 'CATSA', name: 'CATSA', teachingSchools: ['Comberton Village College'] },
  {
    code: 'CATTSA',
    name: 'CATTSA',
    teachingSchools: [
      'Swavesey Village College',
      'Histon and Impington Junior School',
      'Parkside Federation',
    ],
  },
  { code: 'CASSA', name: 'CASSA', teachingSchools: ['Linton Village College', 'Castle Manor'] },
  {
    code: 'ANGLIAN_GATEWAY',
    name: 'Anglian Gateway',
    teachingSchools: ['Bottisham Village College', 'Ditton Lodge Primary', 'Swaffham Bulbeck Primary'],
  },
];

export function isAllianceCode(value: unknown): value is AllianceCode {
  return typeof value === 'string' && (ALLIANCE_CODES as readonly string[]).includes(value);
}
