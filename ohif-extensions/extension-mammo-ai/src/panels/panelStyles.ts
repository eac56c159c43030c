import type { CSSProperties } from 'react';

/** The look of our panels, in OHIF's dark theme. */
export const box: CSSProperties = { padding: 8, borderBottom: '1px solid #333', fontSize: 13, color: '#ddd' };
export const button: CSSProperties = {
  padding: '4px 8px',
  margin: '2px 4px 2px 0',
  background: '#1c3d5a',
  color: '#fff',
  border: '1px solid #3a6d99',
  borderRadius: 4,
  cursor: 'pointer',
};
export const activeButton: CSSProperties = { ...button, background: '#3a6d99' };
/** Form controls: OHIF's theme leaves their text dark-on-dark otherwise. */
export const field: CSSProperties = { color: '#000', maxWidth: '100%' };
export const errorText: CSSProperties = { color: '#ff6b6b' };
