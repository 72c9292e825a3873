import { verificationPage } from './verification-page';

describe('the verification page', () => {
  const proof = {
    valid: true,
    learnerName: null,
    programTitle: '<script>alert("x")</script> & Łódź 数据',
    institutionName: "O'Brien <b>College</b>",
    issuedAt: '2025-06-14T10:00:00.000Z',
    grade: '8.5',
    examId: 'exam-1',
    attempt: 1,
    assessmentEventHash: 'a'.repeat(64),
    chainValid: true,
  };

  it('escapes every value and says "(name not recorded)" where no name is known', () => {
    const html = verificationPage(proof);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Łódź 数据');
    expect(html).toContain('O&#39;Brien &lt;b&gt;College&lt;/b&gt;');
    expect(html).toContain('(name not recorded)');
    expect(html).toContain('Genuine');
  });

  it('says plainly when the record does not verify', () => {
    expect(verificationPage({ ...proof, valid: false, chainValid: false })).toMatch(/Not valid[\s\S]*broken/);
  });
});
