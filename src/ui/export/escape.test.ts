import {describe, expect, it} from 'vitest'
import {csvField, escapeXml, markdownBlock, markdownCode, safeFileName, toCsv} from './escape'

describe('escaping untrusted names', () => {
  it('XML: specials become entities, forbidden characters U+FFFD', () => {
    expect(escapeXml(`<img src=x onerror="alert(1)"> & 'q'`)).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;',
    )
    expect(escapeXml('a\u0000b\u001bc\ud800d\uffffe\tf')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\tf')
    expect(escapeXml('😀 日本')).toBe('😀 日本')
  })

  it('CSV: text quoted, quotes doubled, formulas defused, numbers bare', () => {
    expect(csvField('a,"b"\nc')).toBe('"a,""b""\nc"')
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`)
    expect(csvField('-1.5MB')).toBe(`"'-1.5MB"`)
    expect(csvField('-12')).toBe('"-12"')
    expect(csvField(-585600)).toBe('-585600')
    expect(csvField(NaN)).toBe('')
    expect(toCsv([['a', 1], ['b', 2]])).toBe('"a",1\r\n"b",2\r\n')
  })

  it('Markdown: code spans that nothing can break out of', () => {
    expect(markdownCode('main.buildTree')).toBe('`main.buildTree`')
    expect(markdownCode('a|b')).toBe('`a\\|b`')
    expect(markdownCode('x`y')).toBe('``x`y``')
    expect(markdownCode('`a``')).toBe('``` `a`` ```')
    expect(markdownCode('<script>\n</script>')).toBe('`<script> </script>`')
    expect(markdownBlock(['```', 'ok'])).toBe('````\n```\nok\n````')
    expect(markdownBlock(['plain'])).toBe('```\nplain\n```')
  })

  it('file names keep safe characters only', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd')
    expect(safeFileName('heap 1 (copy).pb.gz')).toBe('heap_1_copy_.pb.gz')
    expect(safeFileName('')).toBe('profile')
  })
})
