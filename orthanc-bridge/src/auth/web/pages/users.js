// Accounts page (user:manage): role, site, care teams, disabling, per-account permission
// changes, unlocking after a lockout, and new accounts. The API decides what each manager may do.
(function () {
  'use strict';
  var ROLES = ['physician-admin', 'radiologist', 'pathologist', 'sysadmin'];
  var PERMISSIONS = [
    'study:read',
    'study:analyse',
    'finding:validate',
    'report:sign',
    'patient:read',
    'patient:write',
    'user:manage',
    'audit:read',
    'orthanc:admin',
  ];
  var STRINGS = {
    fr: {
      save: 'Enregistrer',
      unlock: 'Déverrouiller',
      byRole: 'selon le rôle',
      granted: 'accordée',
      revoked: 'retirée',
      saved: 'Enregistré.',
      unlocked: 'Compte déverrouillé.',
      created: 'Compte créé.',
    },
    en: {
      title: 'Accounts',
      login: 'Login',
      name: 'Name',
      role: 'Role',
      site: 'Site',
      careTeams: 'Care teams',
      disabled: 'Disabled',
      permissions: 'Permissions',
      create: 'New account',
      personName: 'DICOM name (FAMILY^Given)',
      password: 'Initial password',
      createButton: 'Create',
      save: 'Save',
      unlock: 'Unlock',
      byRole: 'as the role says',
      granted: 'granted',
      revoked: 'revoked',
      saved: 'Saved.',
      unlocked: 'Account unlocked.',
      created: 'Account created.',
    },
  };
  var english = (localStorage.getItem('sentinelle.lang') || navigator.language.slice(0, 2)) === 'en';
  var lang = english ? 'en' : 'fr';
  function t(key) {
    return STRINGS[lang][key] || key;
  }
  if (english) {
    document.documentElement.lang = 'en';
    document.querySelectorAll('[data-t]').forEach(function (el) {
      el.textContent = t(el.getAttribute('data-t'));
    });
  }
  var csrf = '';
  var $ = function (id) {
    return document.getElementById(id);
  };
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'testid') node.setAttribute('data-testid', props[key]);
      else node[key] = props[key];
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }
  function options(select, values, selected) {
    values.forEach(function (value) {
      select.appendChild(el('option', { value: value, textContent: value, selected: value === selected }));
    });
    return select;
  }
  function call(method, path, body) {
    if (method !== 'GET') {
      $('error').textContent = '';
      $('saved').textContent = '';
    }
    return fetch('/api' + path, {
      method: method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 401) return location.assign('/login?next=/users');
      if (response.status === 204) return null;
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json.error.message);
        return json;
      });
    });
  }
  function fail(error) {
    $('error').textContent = error.message;
  }
  function done(message) {
    return function () {
      $('saved').textContent = t(message);
      return load();
    };
  }

  function row(user) {
    var id = 'user-' + user.login;
    var role = options(el('select', { testid: id + '-role' }), ROLES, user.role);
    var site = el('input', { value: user.site, testid: id + '-site', size: 8 });
    var teams = el('input', { value: user.careTeams.join(', '), testid: id + '-care-teams', size: 14 });
    var disabled = el('input', { type: 'checkbox', checked: user.disabled, testid: id + '-disabled' });
    var changes = {};
    user.permissionChanges.forEach(function (c) {
      changes[c.permission] = c.granted;
    });
    var permissions = PERMISSIONS.map(function (permission) {
      var state = permission in changes ? (changes[permission] ? 'granted' : 'revoked') : 'byRole';
      var select = options(
        el('select', { testid: id + '-' + permission }),
        ['byRole', 'granted', 'revoked'],
        state,
      );
      Array.prototype.forEach.call(select.options, function (option) {
        option.textContent = t(option.value);
      });
      select.addEventListener('change', function () {
        var granted = select.value === 'byRole' ? null : select.value === 'granted';
        call('PUT', '/users/' + user.login + '/permissions/' + permission, { granted: granted })
          .then(done('saved'))
          .catch(fail);
      });
      var held = user.permissions.indexOf(permission) >= 0;
      return el('label', { className: held ? 'held' : 'not-held', textContent: permission + ' ' }, [select]);
    });
    var save = el('button', { type: 'button', textContent: t('save'), testid: id + '-save' });
    save.addEventListener('click', function () {
      call('PATCH', '/users/' + user.login, {
        role: role.value,
        site: site.value.trim(),
        careTeams: teams.value
          .split(',')
          .map(function (team) {
            return team.trim();
          })
          .filter(Boolean),
        disabled: disabled.checked,
      })
        .then(done('saved'))
        .catch(fail);
    });
    var unlock = el('button', { type: 'button', textContent: t('unlock'), testid: id + '-unlock' });
    unlock.addEventListener('click', function () {
      call('POST', '/users/' + user.login + '/unlock', {})
        .then(done('unlocked'))
        .catch(fail);
    });
    var cells = [
      el('td', { textContent: user.login }),
      el('td', { textContent: user.displayName }),
      el('td', {}, [role]),
      el('td', {}, [site]),
      el('td', {}, [teams]),
      el('td', {}, [disabled]),
      el('td', { className: 'permissions' }, permissions),
      el('td', {}, [save, unlock]),
    ];
    return el('tr', { testid: id }, cells);
  }

  function load() {
    return call('GET', '/users').then(function (json) {
      if (!json) return;
      var body = $('users');
      body.textContent = '';
      json.users.forEach(function (user) {
        body.appendChild(row(user));
      });
    });
  }

  options($('create').role, ROLES, 'radiologist');
  $('create').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    call('POST', '/users', {
      login: form.login.value.trim(),
      displayName: form.displayName.value.trim(),
      personName: form.personName.value.trim(),
      role: form.role.value,
      site: form.site.value.trim(),
      password: form.password.value,
    })
      .then(function () {
        form.reset();
        return done('created')();
      })
      .catch(fail);
  });

  fetch('/api/auth/session')
    .then(function (response) {
      return response.json();
    })
    .then(function (json) {
      csrf = json.csrfToken || '';
      return load();
    })
    .catch(fail);
})();
