import { Controller, Delete, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '@lle/auth';
import { SETTINGS, type Settings } from '@lle/config';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { BOARD_COOKIE, BOARD_PATH } from './queue-board';

/**
 * A browser cannot add an Authorization header to the board's pages, so an admin or finance officer
 * exchanges their bearer token for a cookie holding it: HttpOnly, SameSite=Strict (no other site can make
 * the browser send it), limited to the board's path, and checked on every request as the header would be.
 */
@ApiTags('billing')
@Controller()
export class BoardSessionController {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  @Post('admin/queues-session')
  @HttpCode(204)
  @Roles('admin', 'finance')
  @ApiOperation({
    summary: 'Open the queue board in a browser: the bearer token becomes its cookie (admin, finance)',
  })
  @ApiNoContentResponse({ description: 'The cookie is set; open /admin/queues' })
  @ApiCommandErrors()
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    reply.header('Set-Cookie', this.cookie(encodeURIComponent(token), 8 * 3600));
  }

  @Delete('admin/queues-session')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Sign out of the queue board: the cookie is cleared' })
  close(@Res({ passthrough: true }) reply: FastifyReply): void {
    reply.header('Set-Cookie', this.cookie('', 0));
  }

  @Get('admin/queues-login')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; script-src 'unsafe-inline'; connect-src 'self'")
  @ApiOperation({ summary: 'A page to paste a bearer token into and open the queue board' })
  login(): string {
    return LOGIN_PAGE;
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.settings.NODE_ENV === 'production' ? '; Secure' : '';
    return (
      `${BOARD_COOKIE}=${value}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict; ` +
      `Max-Age=${maxAgeSeconds}${secure}`
    );
  }
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LLE billing jobs: sign in</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Billing jobs</h1>
<p>Paste an admin or finance bearer token (<code>npm run -s token -- --role finance</code> locally).</p>
<form id="f"><textarea id="t" rows="6" style="width: 100%" required></textarea>
<p><button>Open the queue board</button> <span id="e" style="color: #b00"></span></p></form>
<script>
document.getElementById('f').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = document.getElementById('t').value.trim();
  const answer = await fetch('${BOARD_PATH}-session', { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
  if (answer.ok) { location.href = '${BOARD_PATH}'; return; }
  const problem = await answer.json().catch(() => ({}));
  document.getElementById('e').textContent = problem.detail || answer.statusText;
});
</script></body></html>
`;
