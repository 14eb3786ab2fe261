import { describe, expect, it } from 'vitest';
import { dashboardCsp, decideNavigation, isAppUrl, withCsp } from '../../../../src/main/desktop/index.ts';

const APP = 'http://127.0.0.1:8080';

describe('decideNavigation', () => {
  it('allows the PersonaAPI origin only, exact port and scheme', () => {
    expect(decideNavigation('http://127.0.0.1:8080/personas/aria', APP)).toBe('allow');
    expect(decideNavigation('http://127.0.0.1:8081/', APP)).toBe('external');
    expect(decideNavigation('http://localhost:8080/', APP)).toBe('external');
    expect(isAppUrl('https://127.0.0.1:8080/', APP)).toBe(false);
  });

  it('sends web and mail links to the OS browser and refuses other schemes', () => {
    expect(decideNavigation('https://github.com/persona-mcp', APP)).toBe('external');
    expect(decideNavigation('mailto:someone@example.org', APP)).toBe('external');
    expect(decideNavigation('file:///etc/passwd', APP)).toBe('deny');
    expect(decideNavigation('javascript:alert(1)', APP)).toBe('deny');
    expect(decideNavigation('smb://evil/share', APP)).toBe('deny');
    expect(decideNavigation('not a url', APP)).toBe('deny');
    expect(decideNavigation('https://user:pw@example.org/', APP)).toBe('deny');
  });
});

describe('CSP', () => {
  it('allows only the own origin for scripts and connections and forbids framing', () => {
    const csp = dashboardCsp(APP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain(`connect-src 'self' ${APP}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('adds the CSP to a response without one and keeps a server-sent policy', () => {
    expect(withCsp({ 'content-type': ['text/html'] }, APP)['Content-Security-Policy']).toEqual([dashboardCsp(APP)]);
    const own = { 'content-security-policy': ["default-src 'self' 'unsafe-inline'"] };
    expect(withCsp(own, APP)).toEqual(own);
  });
});
