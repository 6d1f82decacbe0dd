// d3-flame-graph 5.0.0 ships no type declarations: these cover the part of its API we use.
declare module 'd3-flame-graph' {
  import type {HierarchyRectangularNode} from 'd3-hierarchy'
  import type {Selection} from 'd3-selection'

  export type FlameNode<T> = HierarchyRectangularNode<T> & {
    id: number
    highlight?: boolean
    originalValue?: number
  }

  export interface FlameTooltip<T> {
    (selection: Selection<SVGSVGElement, unknown, null, undefined>): void
    show(event: MouseEvent, d: FlameNode<T>): void
    hide(): void
    destroy?(): void
  }

  export interface FlameGraph<T> {
    (selection: Selection<HTMLElement, T, null, undefined>): void
    width(px: number): FlameGraph<T>
    height(px: number | null): FlameGraph<T>
    minHeight(px: number): FlameGraph<T>
    cellHeight(px: number): FlameGraph<T>
    minFrameSize(px: number): FlameGraph<T>
    transitionDuration(ms: number): FlameGraph<T>
    sort(sort: boolean | ((a: FlameNode<T>, b: FlameNode<T>) => number)): FlameGraph<T>
    inverted(inverted: boolean): FlameGraph<T>
    title(title: string): FlameGraph<T>
    tooltip(tooltip: FlameTooltip<T>): FlameGraph<T>
    setColorMapper(mapper: (d: FlameNode<T>, originalColor: string) => string): FlameGraph<T>
    setSearchMatch(match: (d: FlameNode<T>, term: string) => boolean): FlameGraph<T>
    setSearchHandler(handler: (results: FlameNode<T>[], sum: number, total: number) => void): FlameGraph<T>
    setDetailsHandler(handler: (text: string | null) => void): FlameGraph<T>
    setLabelHandler(handler: (d: FlameNode<T>) => string): FlameGraph<T>
    getName(getName: (d: FlameNode<T>) => string): FlameGraph<T>
    onClick(handler: (d: FlameNode<T>) => void): FlameGraph<T>
    search(term: string): void
    clear(): void
    zoomTo(d: FlameNode<T>): void
    resetZoom(): void
    update(data?: T): FlameGraph<T>
    destroy(): FlameGraph<T>
  }

  export default function flamegraph<T = unknown>(): FlameGraph<T>
}
