import { Hono } from 'hono';
import { z } from 'zod';
import { Refusal } from '../../ledger/core/errors.js';
import { D, fen } from '../../ledger/core/money.js';
import {
  closeShift,
  getShift,
  listOpenShifts,
  openShift,
  recordCashMovement,
  type ShiftRow,
} from '../../ledger/selling/shifts.js';
import { computeShiftReport, getZReport } from '../../ledger/selling/z-report.js';
import type { AppEnv } from '../app-env.js';
import { recordSentFor, resolveActingCashier } from '../auth/acting-cashier.js';
import { resolveApproval } from '../auth/approval.js';
import { clientIp } from '../auth/client-ip.js';
import { audit } from '../audit.js';
import { currentAuth, hasRole, requireRole } from '../auth/middleware.js';
import {
  cashMovementAnswerSchema,
  shiftAnswerSchema,
  shiftCloseAnswerSchema,
  shiftListAnswerSchema,
  xReportAnswerSchema,
  zReportAnswerSchema,
} from '../schemas/pos-selling.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam, readQuery } from '../validate.js';

export const openBody = z.strictObject({
  id: fields.id.optional(),
  registerId: fields.registerId,
  openingFloat: fields.money,
  openedAt: fields.instant.optional(),
  /** The cashier who opened it on the tablet, when another staff member sends it (0028). */
  cashierId: fields.id.optional(),
});

export const movementBody = z.strictObject({
  id: fields.id,
  kind: z.enum(['paid_in', 'paid_out']),
  /** paid_out: ingredients | packaging | repairs | to_bank | other_expense; paid_in: from_bank | other_income */
  purpose: z.string().min(1).max(32),
  amount: fields.money,
  reason: z.string().max(200).optional(),
  createdAt: fields.instant.optional(),
  /** The cashier who recorded it on the tablet, when another staff member sends it (0028). */
  cashierId: fields.id.optional(),
});

export const closeBody = z.strictObject({
  countedCash: fields.money.optional(),
  counts: z
    .array(
      z.strictObject({
        denomination: z
          .string()
          .regex(/^\d{1,3}(\.\d{1,2})?$/, 'a denomination such as "100" or "0.5"'),
        count: z.number().int().min(0).max(100_000),
      }),
    )
    .max(20)
    .optional(),
  closedAt: fields.instant.optional(),
  /** Why the drawer is over or short; required (with a manager) beyond the variance limit. */
  varianceReason: z.string().trim().max(200).optional(),
  /** A manager's PIN approving a variance beyond the limit (a manager's own session approves). */
  approverPin: z
    .string()
    .regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits')
    .optional(),
  /** The approving manager's username (recommended with approverPin). */
  approver: z.string().trim().min(1).max(64).optional(),
});

const listQuery = z.strictObject({
  status: z.enum(['open']).optional(),
  registerId: fields.registerId.optional(),
});

function shiftJson(shift: ShiftRow) {
  return {
    id: shift.id,
    registerId: shift.registerId,
    cashierId: shift.cashierId,
    status: shift.status,
    businessDate: shift.businessDate,
    openedAt: shift.openedAt.toISOString(),
    openingFloat: fen(shift.openingFloat),
    closedAt: shift.closedAt?.toISOString() ?? null,
    // What was expected stays hidden until the blind count is in.
    countedCash: shift.countedCash === null ? null : fen(shift.countedCash),
    expectedCash: shift.status === 'closed' && shift.expectedCash ? fen(shift.expectedCash) : null,
    overShort: shift.overShort === null ? null : fen(shift.overShort),
  };
}

export const shiftRoutes = new Hono<AppEnv>()
  .use(requireRole('cashier'))
  .post('/', async (c) => {
    const deps = c.var.deps;
    const { db, now, config } = deps;
    const auth = currentAuth(c);
    const body = await readJson(c, openBody);
    const acting = await resolveActingCashier(deps, auth, { cashierId: body.cashierId });
    const { shift, created } = await openShift(db, {
      id: body.id,
      registerId: body.registerId,
      openingFloat: body.openingFloat,
      openedAt: body.openedAt ? new Date(body.openedAt) : undefined,
      cashierId: acting.user.id,
      now: now(),
      timeZone: config.businessTimeZone,
    });
    if (created) await recordSentFor(deps, auth, acting, { kind: 'shift', id: shift.id });
    return c.json({ shift: shiftJson(shift) }, created ? 201 : 200);
  })
  .get('/', async (c) => {
    const { db } = c.var.deps;
    const auth = currentAuth(c);
    const query = readQuery(c, listQuery);
    // A cashier sees their own open shifts; a manager sees every register's.
    const shifts = await listOpenShifts(db, {
      registerId: query.registerId,
      cashierId: hasRole(auth.user.role, 'manager') ? undefined : auth.user.id,
    });
    return c.json({ shifts: shifts.map(shiftJson) });
  })
  .get('/:id', async (c) => {
    const id = readParam(c, 'id', fields.id);
    const shift = await getShift(c.var.deps.db, id);
    if (!shift) throw new Refusal('shift_not_found', `There is no shift ${id}.`);
    return c.json({ shift: shiftJson(shift) });
  })
  .post('/:id/cash-movements', async (c) => {
    const deps = c.var.deps;
    const { db, now, config } = deps;
    const auth = currentAuth(c);
    const shiftId = readParam(c, 'id', fields.id);
    const { cashierId, ...body } = await readJson(c, movementBody);
    const acting = await resolveActingCashier(deps, auth, { cashierId });
    const { movement, created } = await recordCashMovement(db, {
      ...body,
      shiftId,
      createdAt: body.createdAt ? new Date(body.createdAt) : undefined,
      userId: acting.user.id,
      isManager: hasRole(acting.user.role, 'manager'),
      now: now(),
      timeZone: config.businessTimeZone,
    });
    if (created)
      await recordSentFor(deps, auth, acting, { kind: 'cash_movement', id: movement.id });
    return c.json(
      {
        movement: {
          id: movement.id,
          shiftId: movement.shiftId,
          kind: movement.kind,
          purpose: movement.purpose,
          account: movement.account,
          amount: fen(movement.amount),
          reason: movement.reason,
          createdAt: movement.createdAt.toISOString(),
          entryId: movement.entryId,
        },
      },
      created ? 201 : 200,
    );
  })
  .post('/:id/close', async (c) => {
    const deps = c.var.deps;
    const { db, now, config } = deps;
    const auth = currentAuth(c);
    const shiftId = readParam(c, 'id', fields.id);
    const body = await readJson(c, closeBody);
    const approvedBy = await resolveApproval(deps, auth, {
      approverPin: body.approverPin,
      approver: body.approver,
      ip: clientIp(c),
    });
    let closed: Awaited<ReturnType<typeof closeShift>>;
    try {
      closed = await closeShift(db, {
        shiftId,
        countedCash: body.countedCash,
        counts: body.counts,
        closedAt: body.closedAt ? new Date(body.closedAt) : undefined,
        userId: auth.user.id,
        isManager: hasRole(auth.user.role, 'manager'),
        varianceLimit: D(config.shiftVarianceLimit),
        varianceReason: body.varianceReason,
        approvedBy,
        now: now(),
        timeZone: config.businessTimeZone,
      });
    } catch (error) {
      // A blind count refused for its variance: each try is on record, so recounting
      // towards the expected figure shows.
      if (error instanceof Refusal && error.code === 'variance_needs_approval') {
        await audit(db, {
          actorId: auth.user.id,
          action: 'shift_close_variance_refused',
          subject: shiftId,
          details: { countedCash: body.countedCash ?? null, counts: body.counts ?? null },
        });
      }
      throw error;
    }
    const { result, created } = closed;
    if (created) {
      await audit(db, {
        actorId: auth.user.id,
        action: 'shift_closed',
        subject: shiftId,
        details: {
          zReport: result.zReport.number,
          overShort: fen(result.overShort),
          ...(result.zReport.variance ? { variance: result.zReport.variance } : {}),
        },
      });
    }
    return c.json({
      shift: shiftJson(result.shift),
      expectedCash: fen(result.expectedCash),
      countedCash: fen(result.countedCash),
      overShort: fen(result.overShort),
      zReport: result.zReport,
    });
  })
  .get('/:id/x-report', async (c) => {
    const { db } = c.var.deps;
    const auth = currentAuth(c);
    const id = readParam(c, 'id', fields.id);
    const shift = await getShift(db, id);
    if (!shift) throw new Refusal('shift_not_found', `There is no shift ${id}.`);
    const isManager = hasRole(auth.user.role, 'manager');
    if (!isManager && shift.cashierId !== auth.user.id) {
      throw new Refusal('shift_not_yours', 'This shift belongs to another cashier.');
    }
    const report = await computeShiftReport(db, id);
    // Blind count: while the shift is open, only a manager sees what the drawer should hold.
    const blind = shift.status === 'open' && !isManager;
    return c.json({ xReport: { ...report, expectedCash: blind ? null : report.expectedCash } });
  })
  .get('/:id/z-report', async (c) => {
    const id = readParam(c, 'id', fields.id);
    const report = await getZReport(c.var.deps.db, id);
    if (!report) throw new Refusal('not_found', `Shift ${id} has no Z report (it is not closed).`);
    return c.json({ zReport: report });
  });

documentRoute({
  method: 'post',
  path: '/api/shifts',
  response: { 200: shiftAnswerSchema, 201: shiftAnswerSchema },
  summary:
    'Open a shift on a register with its float; one open shift per register. Offline tablets send their own id and openedAt later (idempotent on id), ' +
    'and cashierId when another register staff member sends it (cashier_not_staff otherwise; decision 0028).',
  tag: 'shifts',
  roles: ['cashier'],
  body: openBody,
  responses: {
    200: 'the same shift again (replay)',
    201: '{"shift":{"id","registerId","status","businessDate","openedAt","openingFloat",…}}',
    422: "shift_time_invalid (openedAt > 15 min ahead of the server, or before the shop's books begin)",
  },
  errors: [
    'shift_already_open',
    'idempotency_conflict',
    'shift_time_invalid',
    'amount_invalid',
    'cashier_not_staff',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/shifts',
  response: { 200: shiftListAnswerSchema },
  summary:
    "Open shifts (a cashier's own; a manager's view covers every register), optionally of one register",
  tag: 'shifts',
  roles: ['cashier'],
  query: listQuery,
  responses: { 200: '{"shifts":[…]}' },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/shifts/{id}',
  response: { 200: shiftAnswerSchema },
  summary: 'One shift (expected cash only once it is closed)',
  tag: 'shifts',
  roles: ['cashier'],
  responses: { 200: '{"shift":{…}}' },
  errors: ['shift_not_found'],
});
documentRoute({
  method: 'post',
  path: '/api/shifts/{id}/cash-movements',
  response: { 201: cashMovementAnswerSchema },
  summary:
    'Paid in / paid out of the drawer with a purpose and reason; posted against 1001 (e.g. paid_out ingredients: Dr 5401.01, Cr 1001). Idempotent on id.',
  tag: 'shifts',
  roles: ['cashier'],
  body: movementBody,
  responses: {
    201: '{"movement":{…,"entryId"}}',
  },
  errors: [
    'shift_not_open',
    'shift_not_yours',
    'cashier_not_staff',
    'reason_required',
    'movement_time_invalid',
  ],
});
documentRoute({
  method: 'post',
  path: '/api/shifts/{id}/close',
  response: { 200: shiftCloseAnswerSchema },
  summary:
    'Close with a blind count (countedCash and/or counts by denomination 100, 50, 20, 10, 5, 1, 0.5, 0.1). Expected = float + cash sales − cash refunds ± paid in/out; ' +
    'over/short posted to 5602.05 against 1001; answers the numbered, immutable Z report. Over or short by more than SHIFT_VARIANCE_LIMIT (default ¥5.00) ' +
    'needs varianceReason and a manager (a manager session, or approverPin + approver): without them variance_needs_approval (details: limit, missing), the figures withheld.',
  tag: 'shifts',
  roles: ['cashier'],
  body: closeBody,
  responses: {
    200: '{"expectedCash","countedCash","overShort","zReport":{"number",…}}',
  },
  errors: [
    'shift_not_found',
    'shift_not_yours',
    'variance_needs_approval',
    'approval_invalid',
    'too_many_attempts',
    'login_busy',
    'shift_not_open',
    'idempotency_conflict',
    'count_mismatch',
    'amount_invalid',
    'reason_required',
    'shift_time_invalid',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/shifts/{id}/x-report',
  response: { 200: xReportAnswerSchema },
  summary:
    "The shift's report so far (sales, tenders, categories, refunds, voids, cash); expectedCash is hidden from the cashier while open",
  tag: 'shifts',
  roles: ['cashier'],
  responses: { 200: '{"xReport":{…}}' },
  errors: ['shift_not_found', 'shift_not_yours'],
});
documentRoute({
  method: 'get',
  path: '/api/shifts/{id}/z-report',
  response: { 200: zReportAnswerSchema },
  summary: 'The stored Z report of a closed shift',
  tag: 'shifts',
  roles: ['cashier'],
  responses: { 200: '{"zReport":{"number",…}}' },
  errors: ['not_found'],
});
