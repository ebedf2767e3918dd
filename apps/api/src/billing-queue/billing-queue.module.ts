import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { BoardSessionController } from './board/board-session.controller';
import { QueueBoard } from './board/queue-board';
import { BillingQueueMetrics } from './billing-queue.metrics';
import { BillingQueueClient } from './billing-queue.provider';
import { SetVatTreatmentController } from './set-vat-treatment/set-vat-treatment.controller';
import { SetVatTreatmentHandler } from './set-vat-treatment/set-vat-treatment.handler';

/**
 * Operating billing from the API: Bull Board on the billing queue at /admin/queues (admin, finance), its
 * browser sign-in, the queue's depth and outcomes in /metrics, and finance's VAT treatment of a body. The
 * jobs themselves run in the worker (apps/worker/src/billing).
 */
@Module({
  imports: [OperationsModule],
  controllers: [BoardSessionController, SetVatTreatmentController],
  providers: [BillingQueueClient, BillingQueueMetrics, QueueBoard, SetVatTreatmentHandler],
})
export class BillingQueueModule {}
