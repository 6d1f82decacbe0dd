import {openSample} from '../store/actions'
import {LinkNote, OpenUrlForm} from './OpenUrl'

/** The page before any profile is open: what it reads, how to get a profile, a sample. */
export function Welcome() {
  return (
    <section className="welcome">
      <h1>heapscope</h1>
      <LinkNote />
      <p className="lead">
        Drop a <code>heap.pb.gz</code>, a CPU, goroutine, mutex or block profile, or a{' '}
        <code>?debug=1</code> heap text dump anywhere on this page, or use <em>Open profile</em>.
      </p>
      <p>The file is read in your browser: nothing is uploaded.</p>
      <p>
        <button type="button" onClick={() => void openSample()}>
          Try a sample heap profile
        </button>
      </p>
      <h2>Open a profile by URL</h2>
      <OpenUrlForm />
      <h2>Capture a profile</h2>
      <pre>
        curl -o heap.pb.gz http://localhost:6060/debug/pprof/heap{'\n'}
        go test -bench . -memprofile mem.out
      </pre>
    </section>
  )
}
