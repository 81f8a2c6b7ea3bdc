/**
 * The hosted review form's only script (served at /r/review-form.js, same origin, no inline code).
 * On submit it uploads the chosen photos and video exactly as the widget does (photos: the media
 * feature's PostObject credentials; video: a one-time PUT URL), both issued for the signed link,
 * adds the resulting URLs as hidden fields, then submits the form. Without files it does nothing.
 */
export const REVIEW_FORM_SCRIPT = String.raw`(function () {
  var form = document.querySelector('form[data-review-form]');
  if (!form) return;
  var token = new URLSearchParams(location.search).get('t') || '';
  var status = form.querySelector('[data-status]');
  var button = form.querySelector('button[type=submit]');
  var added = [];
  function hidden(name, value) {
    var input = document.createElement('input');
    input.type = 'hidden'; input.name = name; input.value = value;
    form.appendChild(input);
    added.push(input);
  }
  function json(response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }
  function uploadPhotos(files) {
    return fetch('/r/upload-policy?t=' + encodeURIComponent(token)).then(json).then(function (policy) {
      return Promise.all(files.map(function (file, i) {
        var ext = ((/^image\/(jpeg|png|webp|gif|avif)$/.exec(file.type) || [])[1] || 'jpg').replace('jpeg', 'jpg');
        var body = new FormData();
        body.append('key', policy.dir + Date.now().toString(36) + '-' + i + '-' + Math.random().toString(36).slice(2, 10) + '.' + ext);
        body.append('policy', policy.policy);
        body.append('OSSAccessKeyId', policy.access_id);
        body.append('Signature', policy.signature);
        body.append('callback', policy.callback);
        body.append('file', file);
        return fetch(policy.host, { method: 'POST', body: body }).then(json).then(function (r) { return r.url; });
      }));
    });
  }
  function uploadVideo(file) {
    var type = file.type || 'video/mp4';
    return fetch('/r/video-upload?t=' + encodeURIComponent(token) + '&content_type=' + encodeURIComponent(type), { method: 'POST' }).then(json).then(function (target) {
      return fetch(target.upload_url, { method: 'PUT', headers: { 'content-type': type }, body: file }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return target.video_url;
      });
    });
  }
  form.addEventListener('submit', function (event) {
    var inputs = Array.prototype.filter.call(form.querySelectorAll('input[type=file][data-upload]'), function (input) { return input.files.length > 0; });
    if (inputs.length === 0) return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    status.textContent = form.dataset.uploading;
    var work = inputs.map(function (input) {
      var product = input.dataset.product;
      if (input.dataset.upload === 'photos') {
        return uploadPhotos(Array.prototype.slice.call(input.files, 0, 5)).then(function (urls) {
          urls.forEach(function (url) { hidden('photos_' + product, url); });
        });
      }
      return uploadVideo(input.files[0]).then(function (url) { hidden('video_' + product, url); });
    });
    Promise.all(work).then(function () {
      inputs.forEach(function (input) { input.value = ''; });
      form.submit();
    }, function () {
      added.forEach(function (input) { input.remove(); });
      added = [];
      button.disabled = false;
      status.textContent = form.dataset.failed;
    });
  });
})();
`;
