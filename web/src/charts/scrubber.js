// A timeline scrubber: a range input over ticks labelled with the calendar, and a
// play/pause button.
//
//   scrubber(parent, {labels, value = 0, interval = 400 (ms per tick while playing),
//                     onChange(t)}) -> {el, input, button, get(), set(t, notify = true),
//                                       play(), pause(), playing()}
//   The input is <input type="range" class="bp-scrub" data-scrubber> (step 1); moving it
//   by mouse or keyboard calls onChange(t). Play starts from the beginning when at the end.
export function scrubber(parent, o) {
  const labels = o.labels || [];
  const max = Math.max(0, labels.length - 1);
  const el = document.createElement('div');
  el.className = 'bp-scrubber';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'bp-btn bp-play';
  button.setAttribute('data-play', '');
  button.setAttribute('aria-label', 'Play');
  button.textContent = '▶ Play';
  const input = document.createElement('input');
  input.type = 'range';
  input.className = 'bp-scrub';
  input.min = '0';
  input.max = String(max);
  input.step = '1';
  input.value = String(o.value || 0);
  input.setAttribute('data-scrubber', '');
  input.setAttribute('aria-label', 'Tick');
  const out = document.createElement('output');
  out.className = 'bp-scrub-label';
  const ends = document.createElement('div');
  ends.className = 'bp-scrub-ends';
  ends.innerHTML = `<span></span><span></span>`;
  ends.children[0].textContent = labels[0] ?? '0';
  ends.children[1].textContent = labels[max] ?? String(max);
  const track = document.createElement('div');
  track.className = 'bp-scrub-track';
  track.append(input, ends);
  el.append(button, track, out);
  parent.appendChild(el);

  let timer = 0;
  const show = (t) => {
    out.textContent = labels[t] !== undefined ? `${labels[t]} (tick ${t})` : `tick ${t}`;
    input.setAttribute('aria-valuetext', out.textContent);
  };
  const get = () => Number(input.value);
  const set = (t, notify = true) => {
    const v = Math.max(0, Math.min(max, Math.round(Number(t))));
    input.value = String(v);
    show(v);
    if (notify && o.onChange) o.onChange(v);
    return v;
  };
  const pause = () => {
    if (timer) clearInterval(timer);
    timer = 0;
    button.textContent = '▶ Play';
    button.setAttribute('aria-label', 'Play');
  };
  const play = () => {
    if (timer) return;
    if (get() >= max) set(0);
    button.textContent = '❚❚ Pause';
    button.setAttribute('aria-label', 'Pause');
    timer = setInterval(() => {
      if (get() >= max) { pause(); return; }
      set(get() + 1);
    }, o.interval || 400);
  };
  input.addEventListener('input', () => set(get()));
  button.addEventListener('click', () => (timer ? pause() : play()));
  show(get());
  return { el, input, button, get, set, play, pause, playing: () => !!timer };
}
