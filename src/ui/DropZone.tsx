import {useEffect, useState} from 'react'
import {openFile} from '../store/actions'
import {openSeries} from '../store/series-actions'
import {addSourceFiles, isSourceFileName} from '../store/source-files'
import {useViewer} from '../store/store'

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false
}

/**
 * Drag-and-drop anywhere on the page: while a file is dragged over the window a full-window
 * overlay says where it goes; dropping it opens it. With a profile open, the overlay splits in
 * two: "open" (replace the profile) and "compare as base".
 */
export function DropZone() {
  const [dragging, setDragging] = useState(false)
  const hasProfile = useViewer((s) => s.profile !== null)
  useEffect(() => {
    // dragenter/dragleave fire for every child element; count them to know when we really left.
    let depth = 0
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth++
      setDragging(true)
    }
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const onLeave = () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth = 0
      setDragging(false)
      const files = Array.from(e.dataTransfer?.files ?? [])
      const target = e.target instanceof Element ? e.target : null
      const role = target?.closest('[data-drop-role]')?.getAttribute('data-drop-role')
      // Source code (main.go…) annotates the Source lines view; it is never a profile.
      if (files.length > 0 && files.every((f) => isSourceFileName(f.name))) addSourceFiles(files)
      // Several files at once are a series of snapshots.
      else if (files.length > 1) void openSeries(files)
      else if (files.length === 1) void openFile(files[0], files[0].name, role === 'base')
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [])
  if (!dragging) return null
  if (!hasProfile) {
    return (
      <div className="drop-overlay" data-testid="drop-overlay">
        <div className="drop-zone" data-drop-role="open" data-testid="drop-open">
          <div className="drop-overlay-box">Drop the profile to open it</div>
        </div>
      </div>
    )
  }
  return (
    <div className="drop-overlay split" data-testid="drop-overlay">
      <div className="drop-zone" data-drop-role="open" data-testid="drop-open">
        <div className="drop-overlay-box">Open instead</div>
      </div>
      <div className="drop-zone base" data-drop-role="base" data-testid="drop-base">
        <div className="drop-overlay-box">Drop base here: compare with it</div>
      </div>
    </div>
  )
}
