import { Injectable } from '@nestjs/common';
import { CaseAccess, type RequestContext } from '@vigil/cases';
import { forbidden, roleMay } from '@vigil/domain';

/**
 * The emergency access form is only for team managers and heads of service. It never reads the case, so it
 * shows the same for any ID; other roles are refused (403) and the refusal is audited, as the use case does.
 */
@Injectable()
export class BreakGlassPageService {
  constructor(private readonly access: CaseAccess) {}

  async assertMayRequest(ctx: RequestContext, caseId: string): Promise<void> {
    if (roleMay(ctx.principal.role, 'case.break_glass')) return;
    await this.access.refuse(ctx, caseId, 'case.break_glass', 'forbidden');
    throw forbidden('Only team managers and heads of service can use emergency access');
  }
}
