// Accounts page (user:manage): role, site, care teams, disabling, per-account permission
// changes, unlocking after a lockout, and new accounts. The API decides what each manager may do.
(function () {
  'use strict';
  // The roles and permissions there are, as the API lists them with the accounts.
  var ROLES = [];
  var PERMISSIONS = [];
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
      defaultSite: '(par défaut : tout autre établissement)',
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
      sites: 'Sites',
      sitesHint:
        'A patient belongs to the site of the institution that sent their images (SENTINELLE_SITES).',
      institutions: 'Institutions (InstitutionName)',
      defaultSite: '(default: any other institution)',
    },
  };
  var page = window.SentinellePage(STRINGS);
  var $ = page.$;
  var t = page.t;
  var el = page.el;
  var call = page.call;
  var fail = page.fail;
  function options(select, values, selected) {
    values.forEach(function (value) {
      select.appendChild(el('option', { value: value, textContent: value, selected: value === selected }));
    });
    return select;
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

  // The sites as configured, and the institutions that feed each: what an account's site can be.
  function loadSites() {
    return call('GET', '/sites').then(function (json) {
      if (!json) return;
      var body = $('sites');
      body.textContent = '';
      json.sites.forEach(function (site) {
        var institutions = site.institutions.join(', ');
        if (site.id === json.defaultSite) institutions += (institutions ? ' ' : '') + t('defaultSite');
        body.appendChild(
          el('tr', { testid: 'site-' + site.id }, [
            el('td', { textContent: site.id }),
            el('td', { textContent: institutions }),
          ]),
        );
      });
    });
  }

  function load() {
    return call('GET', '/users').then(function (json) {
      if (!json) return;
      if (ROLES.length === 0) options($('create').role, json.roles, 'radiologist');
      ROLES = json.roles;
      PERMISSIONS = json.permissions;
      var body = $('users');
      body.textContent = '';
      json.users.forEach(function (user) {
        body.appendChild(row(user));
      });
    });
  }

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

  page.start(function () {
    return load().then(loadSites);
  });
})();
