import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ELIGIBILITY_CRITERIA,
  PERFORMANCE_TRENDS,
  REFEREE_KINDS,
  REPORT_CARD_GRADES,
  SINGLE_WORD_GRADES,
  type EligibilityCriterion,
  type InspectionFramework,
  type PerformanceTrend,
  type RefereeKind,
  type ReportCardGrade,
  type SingleWordGrade,
} from '@lle/domain';
import { IsLocalDate } from '../../http/validation';
import { FreeText, Name, Nested, NestedList, Optional, OptionalName } from '../shared/dto-decorators';

const EVIDENCE = 10_000;
const oneOf = (name: string, values: readonly string[]): string =>
  `${name} must be one of ${values.join(', ')}`;

/** The applicant's name and contacts: kept in the erasable person store, never in events. */
export class ApplicantDto {
  @Name(200, 'Alex Example')
  fullName!: string;

  @ApiProperty({
    example: 'head@example.sch.uk',
    description: 'Names the person: the same address, the same applicant',
  })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @OptionalName(50, '01954 000000')
  phone?: string;

  @OptionalName(200, 'Headteacher')
  jobTitle?: string;
}

/** The referee: their details go to the person store; events carry their person id and kind only. */
export class RefereeDto {
  @Name(200, 'Sam Referee')
  fullName!: string;

  @ApiPropertyOptional({ example: 'dcs@example.gov.uk' })
  @Optional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @OptionalName(200, 'Cambridgeshire County Council')
  organisation?: string;

  @OptionalName(200, 'Director of Children’s Services')
  jobTitle?: string;

  // Any kind is heard; the rule that only four may give a reference is the domain's (422 REFEREE_NOT_ELIGIBLE).
  @ApiProperty({ enum: REFEREE_KINDS, description: 'Only these four kinds may give a reference (else 422)' })
  @IsString({ message: 'kind must name the kind of referee' })
  @Matches(/^[a-z_]{1,60}$/, {
    message: 'kind must be a kind of referee such as la_dcs_or_second_tier_officer',
  })
  kind!: RefereeKind;
}

export class HeadshipDto {
  @ApiProperty({ example: '2019-09-01' })
  @IsLocalDate()
  headteacherSince!: string;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class ExpectedStayDto {
  @ApiProperty({ example: 3, description: 'Years they expect to stay at the school' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(60)
  years!: number;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class AccountabilityDto {
  @ApiProperty({
    type: [Number],
    example: [136512],
    description: 'URNs of the schools they are accountable for',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true, message: 'each of schoolUrns must be a URN' })
  @IsPositive({ each: true, message: 'each of schoolUrns must be a URN' })
  schoolUrns!: number[];

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class SupportDto {
  @ApiProperty() @IsBoolean() governingBody!: boolean;
  @ApiProperty() @IsBoolean() localAuthority!: boolean;
  @ApiProperty() @IsBoolean() seniorEducationalProfessional!: boolean;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class CoachingDto {
  @ApiProperty({ example: 2, description: 'Heads or senior leaders of other schools coached or mentored' })
  @IsInt()
  @Min(0)
  othersCoached!: number;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class TimeCommitmentDto {
  @ApiProperty() @IsBoolean() commits!: boolean;

  @FreeText(EVIDENCE)
  evidence!: string;
}

const FRAMEWORKS: readonly InspectionFramework[] = ['single-word-grade', 'key-judgements', 'report-card'];

/** Common to every framework; the framework chooses the shape of `outcome`. */
export class InspectionOutcomeDto {
  @ApiProperty({ enum: FRAMEWORKS })
  @IsIn(FRAMEWORKS, { message: oneOf('framework', FRAMEWORKS) })
  framework!: InspectionFramework;

  @ApiProperty({ example: '2023-05-10' })
  @IsLocalDate()
  inspectedOn!: string;
}

export class SingleWordGradeOutcomeDto extends InspectionOutcomeDto {
  declare framework: 'single-word-grade';

  @ApiProperty({ enum: SINGLE_WORD_GRADES })
  @IsIn(SINGLE_WORD_GRADES, { message: oneOf('outcome', SINGLE_WORD_GRADES) })
  outcome!: SingleWordGrade;
}

function grade(optional = false): PropertyDecorator {
  return applyDecorators(
    optional ? ApiPropertyOptional({ enum: SINGLE_WORD_GRADES }) : ApiProperty({ enum: SINGLE_WORD_GRADES }),
    ...(optional ? [Optional()] : []),
    IsIn(SINGLE_WORD_GRADES, { message: `$property must be one of ${SINGLE_WORD_GRADES.join(', ')}` }),
  );
}

export class KeyJudgementsDto {
  @grade() qualityOfEducation!: SingleWordGrade;
  @grade() behaviourAndAttitudes!: SingleWordGrade;
  @grade() personalDevelopment!: SingleWordGrade;
  @grade() leadershipAndManagement!: SingleWordGrade;
  @grade(true) earlyYears?: SingleWordGrade;
  @grade(true) sixthForm?: SingleWordGrade;
}

export class KeyJudgementsOutcomeDto extends InspectionOutcomeDto {
  declare framework: 'key-judgements';

  @Nested(() => KeyJudgementsDto)
  outcome!: KeyJudgementsDto;
}

function reportCardGrade(optional = false): PropertyDecorator {
  return applyDecorators(
    optional ? ApiPropertyOptional({ enum: REPORT_CARD_GRADES }) : ApiProperty({ enum: REPORT_CARD_GRADES }),
    ...(optional ? [Optional()] : []),
    IsIn(REPORT_CARD_GRADES, { message: `$property must be one of ${REPORT_CARD_GRADES.join(', ')}` }),
  );
}

export class ReportCardAreasDto {
  @reportCardGrade() inclusion!: ReportCardGrade;
  @reportCardGrade() curriculumAndTeaching!: ReportCardGrade;
  @reportCardGrade() achievement!: ReportCardGrade;
  @reportCardGrade() attendanceAndBehaviour!: ReportCardGrade;
  @reportCardGrade() personalDevelopmentAndWellbeing!: ReportCardGrade;
  @reportCardGrade() leadershipAndGovernance!: ReportCardGrade;
  @reportCardGrade(true) earlyYears?: ReportCardGrade;
  @reportCardGrade(true) sixthForm?: ReportCardGrade;
}

export class ReportCardDto {
  @Nested(() => ReportCardAreasDto)
  areas!: ReportCardAreasDto;

  @ApiProperty({ enum: ['met', 'not_met'] })
  @IsIn(['met', 'not_met'], { message: 'safeguarding must be met or not_met' })
  safeguarding!: 'met' | 'not_met';
}

export class ReportCardOutcomeDto extends InspectionOutcomeDto {
  declare framework: 'report-card';

  @Nested(() => ReportCardDto)
  outcome!: ReportCardDto;
}

export type InspectionOutcomeBody =
  SingleWordGradeOutcomeDto | KeyJudgementsOutcomeDto | ReportCardOutcomeDto;

@ApiExtraModels(SingleWordGradeOutcomeDto, KeyJudgementsOutcomeDto, ReportCardOutcomeDto)
export class InspectionDto {
  @ApiProperty({
    nullable: true,
    description: 'The latest inspection outcome, in the framework it was given under; null if none yet',
    oneOf: [
      { $ref: getSchemaPath(SingleWordGradeOutcomeDto) },
      { $ref: getSchemaPath(KeyJudgementsOutcomeDto) },
      { $ref: getSchemaPath(ReportCardOutcomeDto) },
    ],
  })
  @ValidateIf((inspection: InspectionDto) => inspection.latest !== null)
  @IsObject({
    message: 'latest must be an inspection outcome, or null when the school has not been inspected',
  })
  @ValidateNested()
  @Type(() => InspectionOutcomeDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'framework',
      subTypes: [
        { value: SingleWordGradeOutcomeDto, name: 'single-word-grade' },
        { value: KeyJudgementsOutcomeDto, name: 'key-judgements' },
        { value: ReportCardOutcomeDto, name: 'report-card' },
      ],
    },
  })
  latest!: InspectionOutcomeBody | null;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class PupilPerformanceDto {
  @ApiProperty({ enum: PERFORMANCE_TRENDS })
  @IsIn(PERFORMANCE_TRENDS, { message: oneOf('trend', PERFORMANCE_TRENDS) })
  trend!: PerformanceTrend;

  @ApiProperty({ type: [String], example: ['2022/23', '2023/24', '2024/25'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(7, { each: true })
  academicYears!: string[];

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class MinimumStandardsDto {
  @ApiProperty() @IsBoolean() above!: boolean;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class SeniorLeadersDto {
  @ApiProperty() @IsBoolean() experiencedWithCapacity!: boolean;

  @FreeText(EVIDENCE)
  evidence!: string;
}

export class WorkingTowardsDto {
  @ApiProperty({ enum: ELIGIBILITY_CRITERIA })
  @IsIn(ELIGIBILITY_CRITERIA, { message: oneOf('criterion', ELIGIBILITY_CRITERIA) })
  criterion!: EligibilityCriterion;

  @FreeText(EVIDENCE, 'How the applicant is working towards the criterion')
  note!: string;
}

/** Part A: the eligibility data, one datum per criterion with its evidence (the domain's PartA). */
export class PartADto {
  @Nested(() => HeadshipDto) headship!: HeadshipDto;
  @Nested(() => ExpectedStayDto) expectedStay!: ExpectedStayDto;
  @Nested(() => AccountabilityDto) accountability!: AccountabilityDto;
  @Nested(() => SupportDto) support!: SupportDto;
  @Nested(() => CoachingDto) coaching!: CoachingDto;
  @Nested(() => TimeCommitmentDto) timeCommitment!: TimeCommitmentDto;
  @Nested(() => InspectionDto) inspection!: InspectionDto;
  @Nested(() => PupilPerformanceDto) pupilPerformance!: PupilPerformanceDto;
  @Nested(() => MinimumStandardsDto) minimumStandards!: MinimumStandardsDto;
  @Nested(() => SeniorLeadersDto) seniorLeaders!: SeniorLeadersDto;

  @NestedList(() => WorkingTowardsDto, ELIGIBILITY_CRITERIA.length, 'Criteria not met yet, each with a note')
  workingTowards!: WorkingTowardsDto[];
}

/** One section of the written evidence; each area is scored by the Part B assessors. */
export class PartBSectionDto {
  @ApiProperty({ example: 'impact', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  area!: string;

  @FreeText(20_000, undefined, 'How my leadership raised standards…')
  text!: string;
}

/** What an application holds, and what an amendment replaces. */
export class ApplicationContentDto {
  @ApiProperty({ example: 136512, description: "URN of the applicant's school" })
  @IsInt({ message: 'schoolUrn must be a URN' })
  @IsPositive({ message: 'schoolUrn must be a URN' })
  schoolUrn!: number;

  @Nested(() => PartADto)
  partA!: PartADto;

  @NestedList(() => PartBSectionDto, 20)
  partB!: PartBSectionDto[];

  @Nested(() => RefereeDto)
  referee!: RefereeDto;
}
