import { useEffect, useRef } from 'react';

/** "Import…": the system file chooser, any number of files; File ▸ Import… (Ctrl/Cmd+O) opens it too. */
export function ImportButton({ onFiles, busy }: { onFiles: (files: File[]) => void; busy: readonly string[] }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // The desktop shell's menu speaks to the page through this event (electron/shell/main.ts).
    const onMenu = (e: Event): void => {
      if ((e as CustomEvent<string>).detail === 'import') input.current?.click();
    };
    window.addEventListener('studio:menu', onMenu);
    return () => window.removeEventListener('studio:menu', onMenu);
  }, []);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="import-input"
        accept="video/*,audio/*,.mxf,.mkv,.ts,.m2ts,.mov,.mp4,.wav"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        Import…
      </button>
      <span className="import-status" aria-live="polite">
        {busy.length > 0 ? `Importing ${busy.join(', ')}…` : ''}
      </span>
    </>
  );
}
