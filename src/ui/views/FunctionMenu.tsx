import {useEffect, useLayoutEffect, useRef, useState} from 'react'
import {create} from 'zustand'
import type {Profile} from '../../model/profile'
import {
  addRefine,
  exactRegexp,
  type RefineKind,
  selectFunction,
  showFunctionIn,
} from '../../store/refine'
import {functionNameAt} from '../../store/report'
import type {ViewName} from '../../store/store'
import {copyText} from '../ShareMenu'
import './views.css'

/**
 * The menu of a function, opened by a right-click on a flame graph frame, a Top row, a call
 * tree row or a graph node: select it, show it in Peek, Source lines or Sandwich, or refine the
 * profile by it (pprof's focus, ignore, hide, show_from on the exact name).
 */

interface MenuState {
  name: string
  x: number
  y: number
}

const useMenu = create<{menu: MenuState | null}>()(() => ({menu: null}))

/** Opens the function menu at a pointer position. */
export function openFunctionMenu(name: string, x: number, y: number): void {
  useMenu.setState({menu: {name, x, y}})
}

/** Closes the function menu. */
export function closeFunctionMenu(): void {
  useMenu.setState({menu: null})
}

/**
 * The context-menu handler of a view whose items carry a function name: opens the menu for
 * it and keeps the browser's own menu away. `name` null: the browser's menu.
 */
export function onFunctionContextMenu(e: React.MouseEvent, name: string | null): void {
  if (name === null) return
  e.preventDefault()
  openFunctionMenu(name, e.clientX, e.clientY)
}

/**
 * For the flame graph: the function of the d3-flame-graph frame under a right-click (d3 keeps
 * the datum on the `g.frame` element), or null outside a frame.
 */
export function frameFunctionAt(
  target: EventTarget,
  profile: Profile,
  funcOfNode: Int32Array,
): string | null {
  const frame = (target as Element).closest?.('g.frame') as
    | (Element & {__data__?: {data?: {node?: number}}})
    | null
  const node = frame?.__data__?.data?.node
  if (node === undefined || node < 0) return null
  return functionNameAt(profile, funcOfNode[node])
}

const VIEWS: [ViewName, string][] = [
  ['peek', 'Peek callers and callees'],
  ['lines', 'Source lines'],
  ['sandwich', 'Sandwich'],
]

const REFINES: [RefineKind, string][] = [
  ['focus', 'Focus on it'],
  ['ignore', 'Ignore (drop samples through it)'],
  ['hide', 'Hide (remove its frames)'],
  ['showFrom', 'Show from it'],
]

/** The one function menu of the page (App renders it once). */
export function FunctionMenu() {
  const menu = useMenu((s) => s.menu)
  const box = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState({left: 0, top: 0})

  useLayoutEffect(() => {
    const el = box.current
    if (!el || !menu) return
    const {width, height} = el.getBoundingClientRect()
    const left = Math.max(4, Math.min(menu.x, window.innerWidth - width - 4))
    const top = Math.max(4, Math.min(menu.y, window.innerHeight - height - 4))
    setPos({left, top})
    el.querySelector('button')?.focus()
  }, [menu])

  useEffect(() => {
    if (!menu) return
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) {
        closeFunctionMenu()
      }
    }
    document.addEventListener('pointerdown', close, true)
    document.addEventListener('keydown', close, true)
    window.addEventListener('blur', closeFunctionMenu)
    return () => {
      document.removeEventListener('pointerdown', close, true)
      document.removeEventListener('keydown', close, true)
      window.removeEventListener('blur', closeFunctionMenu)
    }
  }, [menu])

  if (!menu) return null
  const run = (action: () => void) => () => {
    closeFunctionMenu()
    action()
  }
  return (
    <div
      ref={box}
      className="function-menu"
      role="menu"
      aria-label={`Function ${menu.name}`}
      style={pos}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div className="function-menu-name" title={menu.name}>
        {menu.name}
      </div>
      <button type="button" role="menuitem" onClick={run(() => selectFunction(menu.name))}>
        Select
      </button>
      {VIEWS.map(([view, label]) => (
        <button
          key={view}
          type="button"
          role="menuitem"
          onClick={run(() => showFunctionIn(view, menu.name))}
        >
          {label}
        </button>
      ))}
      <hr />
      {REFINES.map(([kind, label]) => (
        <button
          key={kind}
          type="button"
          role="menuitem"
          onClick={run(() => addRefine(kind, exactRegexp(menu.name)))}
        >
          {label}
        </button>
      ))}
      <hr />
      <button type="button" role="menuitem" onClick={run(() => void copyText(menu.name))}>
        Copy name
      </button>
    </div>
  )
}
