import {StrictMode} from 'react'
import {createRoot} from 'react-dom/client'
import {prewarmDecoder} from './decode/client'
import {App} from './ui/App'
import './ui/app.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
// The decoder's worker starts now, so that the first file does not wait for its code to load.
prewarmDecoder()
