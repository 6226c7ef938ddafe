// Play / pause / step over the ticks of a recording. Playing reveals one tick per
// 1/speed seconds; it never runs the engine.
export class Player {
  constructor({ onTick, onState }) {
    this.onTick = onTick;
    this.onState = onState;
    this.tick = 0;
    this.last = 0;
    this.speed = 4;
    this.playing = false;
    this.timer = null;
  }

  setLast(last) {
    this.last = last;
    if (this.tick > last) this.seek(last);
  }

  seek(t) {
    const v = Math.max(0, Math.min(this.last, Math.round(Number(t) || 0)));
    this.tick = v;
    this.onTick(v);
  }

  play() {
    if (this.playing) return;
    if (this.tick >= this.last) this.seek(0);
    this.playing = true;
    this.onState();
    this.schedule();
  }

  pause() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing) return;
    this.playing = false;
    this.onState();
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  step(d = 1) {
    this.pause();
    this.seek(this.tick + d);
  }

  setSpeed(s) {
    this.speed = Math.max(0.25, Number(s) || 4);
    if (this.playing) { clearTimeout(this.timer); this.schedule(); }
  }

  schedule() {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.playing) return;
      if (this.tick >= this.last) { this.pause(); return; }
      this.seek(this.tick + 1);
      if (this.tick >= this.last) this.pause();
      else this.schedule();
    }, 1000 / this.speed);
  }
}
