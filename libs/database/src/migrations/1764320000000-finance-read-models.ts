import type { MigrationInterface, QueryRunner } from 'typeorm';

const REQUESTING_BODY = `
        requesting_body_kind    text        NOT NULL,
        requesting_body_urn     integer,
        requesting_body_la_code text,
        requesting_body_diocese text,`;

/**
 * The finance read models (libs/read-models/src/finance), one per question:
 *
 * - `finance_charges` (projection `finance_charges`): one row per day charged (DayCharged and ShareCredited
 *   fill it, in whichever order; DayChargeReversed and ShareReversed mark it), what invoicing reads for the
 *   unbilled charges and the share statements for what each school is owed;
 * - `finance_invoices` + `finance_invoice_lines`, `finance_credit_notes` + `finance_credit_note_lines`,
 *   `finance_payments` + `finance_allocations`, `finance_share_payments` (projection `finance_ledger`):
 *   every document as issued and every payment as recorded. Balances and ageing are computed when read.
 *
 * Amounts are integer pence. Rows are keyed by the ids the events carry and inserted once (or, for charges,
 * filled column by column), so applying an event twice changes nothing and a rebuild gives the same rows.
 */
export class FinanceReadModels1764320000000 implements MigrationInterface {
  name = 'FinanceReadModels1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE finance_charges (
        charge_id               text        NOT NULL,
        day_id                  text        NOT NULL,
        placement_id            text        NOT NULL,
        alliance                text        NOT NULL,
        day_date                date        NOT NULL,
        net_pence               integer     NOT NULL,
        request_id              text,
        requesting_body_kind    text,
        requesting_body_urn     integer,
        requesting_body_la_code text,
        requesting_body_diocese text,
        recipient_urn           integer,
        lle_id                  text,
        person_id               text,
        half_days               integer,
        day_rate_pence          integer,
        vat_treatment           text,
        vat_rate_bps            integer,
        vat_pence               integer,
        charged_at              timestamptz,
        charged_position        bigint,
        lle_school_urn          integer,
        share_bps               integer,
        share_pence             integer,
        alliance_income_pence   integer,
        share_position          bigint,
        reversal_reason         text,
        reversed_at             timestamptz,
        reversed_position       bigint,
        share_reversed_position bigint,
        CONSTRAINT finance_charges_pkey PRIMARY KEY (charge_id)
      )`);
    await db.query(`CREATE INDEX finance_charges_alliance_idx ON finance_charges (alliance, day_date)`);
    await db.query(`CREATE INDEX finance_charges_school_idx ON finance_charges (lle_school_urn)`);

    await db.query(`
      CREATE TABLE finance_invoices (
        invoice_id              text        NOT NULL,
        invoice_number          text        NOT NULL,
        sequence                integer     NOT NULL,
        alliance                text        NOT NULL,${REQUESTING_BODY}
        period_from             date        NOT NULL,
        period_to               date        NOT NULL,
        issued_on               date        NOT NULL,
        due_on                  date        NOT NULL,
        payment_terms_days      integer     NOT NULL,
        net_pence               integer     NOT NULL,
        vat_pence               integer     NOT NULL,
        total_pence             integer     NOT NULL,
        recorded_at             timestamptz NOT NULL,
        position                bigint      NOT NULL,
        CONSTRAINT finance_invoices_pkey PRIMARY KEY (invoice_id)
      )`);
    await db.query(`CREATE INDEX finance_invoices_issued_idx ON finance_invoices (alliance, issued_on)`);
    await db.query(`
      CREATE TABLE finance_invoice_lines (
        invoice_id              text        NOT NULL,
        line_number             integer     NOT NULL,
        charge_id               text        NOT NULL,
        day_id                  text        NOT NULL,
        placement_id            text        NOT NULL,
        day_date                date        NOT NULL,
        half_days               integer     NOT NULL,
        day_rate_pence          integer     NOT NULL,
        net_pence               integer     NOT NULL,
        vat_treatment           text        NOT NULL,
        vat_rate_bps            integer     NOT NULL,
        vat_pence               integer     NOT NULL,
        gross_pence             integer     NOT NULL,
        CONSTRAINT finance_invoice_lines_pkey PRIMARY KEY (invoice_id, line_number)
      )`);
    await db.query(`CREATE INDEX finance_invoice_lines_charge_idx ON finance_invoice_lines (charge_id)`);

    await db.query(`
      CREATE TABLE finance_credit_notes (
        credit_note_id          text        NOT NULL,
        credit_note_number      text        NOT NULL,
        sequence                integer     NOT NULL,
        alliance                text        NOT NULL,
        invoice_id              text        NOT NULL,${REQUESTING_BODY}
        issued_on               date        NOT NULL,
        net_pence               integer     NOT NULL,
        vat_pence               integer     NOT NULL,
        total_pence             integer     NOT NULL,
        recorded_at             timestamptz NOT NULL,
        position                bigint      NOT NULL,
        CONSTRAINT finance_credit_notes_pkey PRIMARY KEY (credit_note_id)
      )`);
    await db.query(`CREATE INDEX finance_credit_notes_invoice_idx ON finance_credit_notes (invoice_id)`);
    await db.query(`
      CREATE TABLE finance_credit_note_lines (
        credit_note_id          text        NOT NULL,
        line_number             integer     NOT NULL,
        invoice_line_number     integer     NOT NULL,
        charge_id               text        NOT NULL,
        day_id                  text        NOT NULL,
        placement_id            text        NOT NULL,
        day_date                date        NOT NULL,
        half_days               integer     NOT NULL,
        net_pence               integer     NOT NULL,
        vat_treatment           text        NOT NULL,
        vat_rate_bps            integer     NOT NULL,
        vat_pence               integer     NOT NULL,
        gross_pence             integer     NOT NULL,
        reason                  text        NOT NULL,
        CONSTRAINT finance_credit_note_lines_pkey PRIMARY KEY (credit_note_id, line_number)
      )`);

    await db.query(`
      CREATE TABLE finance_payments (
        payment_id              text        NOT NULL,
        alliance                text        NOT NULL,${REQUESTING_BODY}
        amount_pence            integer     NOT NULL,
        received_on             date        NOT NULL,
        reference               text        NOT NULL,
        credit_on_account_pence integer     NOT NULL,
        recorded_at             timestamptz NOT NULL,
        position                bigint      NOT NULL,
        CONSTRAINT finance_payments_pkey PRIMARY KEY (payment_id)
      )`);
    await db.query(`
      CREATE TABLE finance_allocations (
        payment_id              text        NOT NULL,
        invoice_id              text        NOT NULL,
        invoice_number          text        NOT NULL,
        amount_pence            integer     NOT NULL,
        received_on             date        NOT NULL,
        CONSTRAINT finance_allocations_pkey PRIMARY KEY (payment_id, invoice_id)
      )`);
    await db.query(`CREATE INDEX finance_allocations_invoice_idx ON finance_allocations (invoice_id)`);

    await db.query(`
      CREATE TABLE finance_share_payments (
        payment_id              text        NOT NULL,
        alliance                text        NOT NULL,
        school_urn              integer     NOT NULL,
        amount_pence            integer     NOT NULL,
        paid_on                 date        NOT NULL,
        reference               text        NOT NULL,
        recorded_at             timestamptz NOT NULL,
        position                bigint      NOT NULL,
        CONSTRAINT finance_share_payments_pkey PRIMARY KEY (payment_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE finance_share_payments, finance_allocations, finance_payments, finance_credit_note_lines,
                  finance_credit_notes, finance_invoice_lines, finance_invoices, finance_charges`,
    );
  }
}
