// @vitest-environment jsdom
import {describe, expect, it} from 'vitest'
import {flameSvg} from './flame-export'

const names = ['main.<b>x</b>', 'evil\u0000"name"', 'github.com/a/b.(*T[int]).M']
const drawn = {
  width: 400,
  height: 60,
  boxes: [
    {x: 0, y: 0, width: 400, height: 18, fill: '#c8c8d0', label: 'root', node: -1},
    {x: 0, y: 18, width: 300, height: 18, fill: 'hsl(120 55% 70%)', label: names[0], node: 0},
    {x: 300, y: 18, width: 20, height: 18, fill: 'url(javascript:alert(1))', label: '', node: 1},
    {x: 0, y: 36, width: 120, height: 18, fill: 'rgb(214 39 40)', label: 'a'.repeat(60), node: 2},
  ],
}

describe('the flame graph as SVG', () => {
  const text = flameSvg(
    drawn,
    {title: 'heap.pb.gz · inuse_space', subtitle: 'total 1MB · search /<x>/'},
    (n) => names[n],
  )
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml')

  it('is well-formed SVG with the title and one box per frame', () => {
    expect(doc.querySelector('parsererror')).toBeNull()
    expect(doc.documentElement.localName).toBe('svg')
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg')
    expect(doc.querySelector('svg > title')?.textContent).toBe('heap.pb.gz · inuse_space')
    expect(doc.querySelectorAll('g > svg')).toHaveLength(4)
    expect(doc.documentElement.getAttribute('height')).toBe('108')
  })

  it('keeps names as text and refuses odd fills', () => {
    const titles = Array.from(doc.querySelectorAll('g > svg > title'), (t) => t.textContent)
    expect(titles).toEqual(['root', ...names.slice(0, 1), 'evil\ufffd"name"', names[2]])
    expect(doc.querySelectorAll('b, script, foreignObject')).toHaveLength(0)
    const fills = Array.from(doc.querySelectorAll('g > svg > rect'), (r) => r.getAttribute('fill'))
    expect(fills).toEqual(['#c8c8d0', 'hsl(120 55% 70%)', '#c8c8d0', 'rgb(214 39 40)'])
    expect(text).not.toContain('javascript')
  })

  it('shortens labels to their box', () => {
    const labels = Array.from(doc.querySelectorAll('g > svg > text'), (t) => t.textContent ?? '')
    expect(labels[0]).toBe('root')
    expect(labels[1]).toBe('main.<b>x</b>')
    expect(labels[2].endsWith('…')).toBe(true)
    expect(labels[2].length).toBeLessThan(20)
  })
})
