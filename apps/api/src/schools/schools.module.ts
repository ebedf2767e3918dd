import { Module } from '@nestjs/common';
import { GetSchoolHandler, SchoolsController, SearchSchoolsHandler } from './schools.controller';

@Module({
  controllers: [SchoolsController],
  providers: [SearchSchoolsHandler, GetSchoolHandler],
})
export class SchoolsModule {}
