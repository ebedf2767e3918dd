import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { Actor, AllianceCode } from '@lle/domain';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { allianceFor } from '../queries/scoping';
import { ApiJsonOrCsv } from './dashboard-csv';
import type { DashboardFilterDto } from './dashboards.dto';

/** A dashboard's controller at `path`, in the dashboards tag, open to every office role. */
export function DashboardController(path: string): ClassDecorator {
  return applyDecorators(
    ApiTags('dashboards'),
    Controller(path),
    Roles('admin', 'broker', 'finance', 'auditor'),
  );
}

/** One view of a dashboard: GET `path` (the dashboard's own path without it), answered as JSON or CSV. */
export function DashboardView(view: { path?: string; summary: string; answer: string }): MethodDecorator {
  return applyDecorators(
    view.path === undefined ? Get() : Get(view.path),
    ApiOperation({ summary: view.summary }),
    ApiJsonOrCsv(view.answer),
    ApiQueryErrors(),
  );
}

/** The filters every dashboard takes, as the actor may see them. */
export interface AreaFilter {
  readonly alliance: AllianceCode | undefined;
  readonly laCode: string | undefined;
  readonly phase: string | undefined;
  readonly academicYear: string | undefined;
}

/** The query's filters as the actor may see them; null when a broker asks for another alliance. */
export function areaFilterFor(
  actor: Actor,
  query: Pick<DashboardFilterDto, 'alliance' | 'la' | 'phase' | 'academicYear'>,
): AreaFilter | null {
  const alliance = allianceFor(actor, query.alliance);
  if (alliance === null) return null;
  return { alliance, laCode: query.la, phase: query.phase, academicYear: query.academicYear };
}
