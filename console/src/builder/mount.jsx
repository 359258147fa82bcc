import { createRoot } from 'react-dom/client';
import { Builder } from './Builder.jsx';

/** Mounts the builder, a React island in the console's plain pages (ADR 0046); returns its unmount. */
export function mount(element, props) {
  const root = createRoot(element);
  root.render(<Builder {...props} />);
  return () => root.unmount();
}
