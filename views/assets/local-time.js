// Every <time datetime="…"> on the page, written in the reader's own time zone (the server wrote UTC).
(() => {
  'use strict';
  const format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  document.querySelectorAll('time[datetime]').forEach((t) => {
    const d = new Date(t.getAttribute('datetime'));
    if (Number.isNaN(d.getTime())) return;
    t.title = t.getAttribute('datetime');
    t.textContent = format.format(d);
  });
})();
