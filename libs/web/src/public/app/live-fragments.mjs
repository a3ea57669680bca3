// Live updates for parts of a console page (the roll-call board, a rebooking run's progress): an element
// with `data-live-fragment="<path>"` is fetched again every few seconds with the session cookie and
// replaced by the answer, the same template the page was rendered with. Polling stops when the answer
// no longer asks for it (a finished run) and pauses while the tab is hidden. Without scripts the page
// still works: it has a link to refresh.
const INTERVAL_MS = 4000;

async function refresh(element) {
  const path = element.getAttribute('data-live-fragment');
  if (!path || document.hidden) return element;
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/html' }, cache: 'no-store' });
  } catch {
    return element; // Offline for a moment: try again next time.
  }
  if (!response.ok || response.redirected) return element;
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  const next = template.content.firstElementChild;
  if (!next || next.id !== element.id) return element;
  element.replaceWith(next);
  return next;
}

export function startLiveFragments(root = document) {
  for (const initial of root.querySelectorAll('[data-live-fragment]')) {
    let element = initial;
    const timer = setInterval(async () => {
      element = await refresh(element);
      if (!element.hasAttribute('data-live-fragment')) clearInterval(timer);
    }, INTERVAL_MS);
  }
}
